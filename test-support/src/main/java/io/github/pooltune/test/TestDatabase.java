package io.github.pooltune.test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL database every integration test of this JVM uses: a fresh database on
 * the first server found ({@code TEST_DATABASE_URL}, Testcontainers, localhost:5432,
 * embedded), dropped when the JVM exits.
 *
 * @author pooltune
 */
public final class TestDatabase {

	private static final Logger logger = LoggerFactory.getLogger(TestDatabase.class);

	private static TestDatabase instance;

	private final PostgresServer server;

	private final String databaseName;

	private final List<TestRole> roles = new CopyOnWriteArrayList<>();

	private TestDatabase(PostgresServer server, String databaseName) {
		this.server = server;
		this.databaseName = databaseName;
	}

	/** The database of this JVM, created on first use. */
	public static synchronized TestDatabase get() {
		if (instance == null) {
			instance = create(PostgresSources.DEFAULT_ORDER, System.getenv());
			Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "pooltune-test-database-drop"));
		}
		return instance;
	}

	static TestDatabase create(List<PostgresSource> sources, Map<String, String> environment) {
		PostgresServer server = PostgresSources.first(sources, environment);
		return on(server);
	}

	static TestDatabase on(PostgresServer server) {
		try {
			TestDatabase database = new TestDatabase(server, FreshDatabase.create(server));
			logger.info("PostgreSQL for tests: database {} on {}:{} from {}", database.databaseName, server.host(),
					server.port(), server.source());
			return database;
		}
		catch (SQLException ex) {
			server.stop().run();
			throw new IllegalStateException("Could not create a test database on " + server.source() + " ("
					+ server.host() + ":" + server.port() + ") as user " + server.username() + ": " + ex.getMessage()
					+ ". The user must be allowed to create databases.", ex);
		}
	}

	/** Drops the database and the roles made for it, then stops the server if the fixture started it. */
	void close() {
		try {
			FreshDatabase.drop(this.server, this.databaseName);
			for (TestRole role : this.roles) {
				FreshDatabase.dropRole(this.server, role.name());
			}
		}
		catch (SQLException ex) {
			logger.warn("Could not drop test database {}: {}", this.databaseName, ex.getMessage());
		}
		finally {
			this.server.stop().run();
		}
	}

	/** Which source provided the server: TEST_DATABASE_URL, Testcontainers, localhost:5432 or embedded. */
	public String source() {
		return this.server.source();
	}

	/** {@code jdbc:postgresql://host:port/database}. */
	public String jdbcUrl() {
		return this.server.jdbcUrl(this.databaseName);
	}

	/** The same database as {@code postgresql://user:password@host:port/database}. */
	public String databaseUrl() {
		String credentials = encode(username()) + (password().isEmpty() ? "" : ":" + encode(password()));
		return "postgresql://" + credentials + "@" + host() + ":" + port() + "/" + this.databaseName;
	}

	public String username() {
		return this.server.username();
	}

	/** The password, empty when the server asks for none. */
	public String password() {
		return this.server.password();
	}

	public String host() {
		return this.server.host();
	}

	public int port() {
		return this.server.port();
	}

	public String databaseName() {
		return this.databaseName;
	}

	/**
	 * Spring Boot's properties for this database, as {@code key=value} for
	 * {@code ApplicationContextRunner.withPropertyValues}: url, username and password.
	 */
	public String[] springDatasourceProperties() {
		return new String[] { "spring.datasource.url=" + jdbcUrl(), "spring.datasource.username=" + username(),
				"spring.datasource.password=" + password() };
	}

	/** A new connection outside any pool, for inspecting and injecting faults. */
	public Connection connect() throws SQLException {
		return this.server.connect(this.databaseName);
	}

	/**
	 * Creates a login role with a random password that may use this database.
	 * @param options further role options, e.g. {@code CONNECTION LIMIT 3}, or empty
	 */
	public TestRole createRole(String options) throws SQLException {
		TestRole role = new TestRole(FreshDatabase.randomName("pooltune_role_"),
				FreshDatabase.randomName("Pw-") + "-X9");
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("create role " + role.name() + " login password '" + role.password() + "' " + options);
			statement.execute("grant all on schema public to " + role.name());
		}
		this.roles.add(role);
		return role;
	}

	/**
	 * Skips a test that needs the server to refuse a wrong password when it does not (a
	 * {@code TEST_DATABASE_URL} with {@code trust}); under {@code CI=true}, where every
	 * test must run, that fails the test instead, as a missing program does.
	 */
	public void assumeChecksPasswords(TestRole role) {
		if (refusesWrongPassword(role)) {
			return;
		}
		String message = "The test server accepts any password for role " + role.name()
				+ ", so a changed one cannot be refused: point TEST_DATABASE_URL at a server whose pg_hba.conf asks "
				+ "for passwords (scram-sha-256 or md5) on this host";
		if (TestProgram.required(System.getenv())) {
			throw new IllegalStateException(message + ". This run requires every test to run (CI=true or -D"
					+ TestProgram.REQUIRE_PROPERTY + "=true).");
		}
		throw new TestAbortedException(message);
	}

	/**
	 * Whether the server refuses the role a wrong password, as servers in the field do
	 * (every source of this fixture does; a {@code TEST_DATABASE_URL} may not).
	 */
	private boolean refusesWrongPassword(TestRole role) {
		try (Connection connection = this.server.connect(this.databaseName, role.name(), "not-" + role.password())) {
			return false;
		}
		catch (SQLException refused) {
			return true;
		}
	}

	/** This database as {@code postgresql://role:password@host:port/database}. */
	public String databaseUrl(TestRole role) {
		return "postgresql://" + encode(role.name()) + ":" + encode(role.password()) + "@" + host() + ":" + port()
				+ "/" + this.databaseName;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
