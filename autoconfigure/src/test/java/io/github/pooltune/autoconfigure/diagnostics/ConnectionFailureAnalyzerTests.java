package io.github.pooltune.autoconfigure.diagnostics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.github.pooltune.test.RestartablePostgres;
import io.github.pooltune.test.TestDatabase;
import io.github.pooltune.test.TestRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Each way the first connection can fail, for real against PostgreSQL: the application
 * (Flyway opens the first connection, as in most services) stops with one failure
 * analysis that names the cause and the setting to change, one WARN line from the pool,
 * no stack trace and no password on the console.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectionFailureAnalyzerTests {

	private static final TestDatabase database = TestDatabase.get();

	private static final String WRONG_PASSWORD = "Wrong-Pw-31415";

	@Test
	void wrongPassword(CapturedOutput output) throws SQLException {
		TestRole role = database.createRole("");
		failToStart(output, "--spring.datasource.url=" + database.jdbcUrl(),
				"--spring.datasource.username=" + role.name(), "--spring.datasource.password=" + WRONG_PASSWORD);
		assertThat(output).contains("The database rejected the application's user name or password.")
			.contains("Reason:   FATAL: password authentication failed for user \"" + role.name()
					+ "\" (SQLState 28P01)")
			.contains("Database: " + database.jdbcUrl() + " (spring.datasource.url, from command line)")
			.contains("Check the user name and password: spring.datasource.username and "
					+ "spring.datasource.password")
			.doesNotContain(role.password());
	}

	@Test
	void unknownUserInDatabaseUrl(CapturedOutput output) {
		String url = "postgresql://pooltune_nobody:" + WRONG_PASSWORD + "@" + database.host() + ":" + database.port()
				+ "/" + database.databaseName();
		failToStart(output, "--DATABASE_URL=" + url);
		assertThat(output).contains("The database rejected the application's user name or password.")
			.contains("password authentication failed for user \"pooltune_nobody\" (SQLState 28P01)")
			.contains("(DATABASE_URL)")
			.contains("Check the user name and password: the user and password in DATABASE_URL")
			.contains("PostgreSQL answers the same for an unknown user as for a wrong password");
	}

	@Test
	void unknownDatabase(CapturedOutput output) {
		String missing = database.databaseName() + "_missing";
		failToStart(output, datasource(database.jdbcUrl() + "_missing"));
		assertThat(output)
			.contains("The database \"" + missing + "\" does not exist on the server at " + database.host() + ":"
					+ database.port() + ".")
			.contains("(SQLState 3D000)")
			.contains("Correct the database name at the end of the URL in spring.datasource.url (from command line), "
					+ "or create the database: CREATE DATABASE " + missing + ".");
	}

	@Test
	void noConnectionSlotForTheRole(CapturedOutput output) throws SQLException {
		TestRole role = database.createRole("CONNECTION LIMIT 0");
		failToStart(output, "--spring.datasource.url=" + database.jdbcUrl(),
				"--spring.datasource.username=" + role.name(), "--spring.datasource.password=" + role.password(),
				"--db.instances=3");
		assertThat(output)
			.contains("The database has no connection slot left for the application: the role's CONNECTION LIMIT "
					+ "is reached.")
			.contains("FATAL: too many connections for role \"" + role.name() + "\" (SQLState 53300)")
			.contains("DB_INSTANCES × (DB_POOL_SIZE + DB_MAX_OVERFLOW) + DB_RESERVED_CONNECTIONS ≤ "
					+ "max_connections − superuser_reserved_connections")
			.contains("Here: 3 × (5 + 10) + 10 = 55.")
			.contains("GET /actuator/pooltune (section capacity)")
			.doesNotContain(role.password());
	}

	/**
	 * On a PostgreSQL of the test's own, which runs without SSL: the shared server may
	 * have SSL on (Debian's default), where this failure cannot happen.
	 */
	@Test
	void sslAskedForButTheServerHasNone(CapturedOutput output) throws Exception {
		try (RestartablePostgres server = RestartablePostgres.start(Map.of("ssl", "off"))) {
			failToStart(output, "--spring.datasource.url=" + server.jdbcUrl("postgres") + "?sslmode=require",
					"--spring.datasource.username=postgres");
			assertThat(output)
				.contains("The URL asks for SSL (sslmode=require or stricter), but the server at 127.0.0.1:"
						+ server.port() + " does not support SSL.")
				.contains("The server does not support SSL. (SQLState 08004)")
				.contains("sslmode=prefer or sslmode=disable in spring.datasource.url (from command line)");
		}
	}

	/**
	 * A server whose pg_hba.conf admits the application only over SSL, as managed servers
	 * that force SSL do. The shared server's rules cannot be changed, so this test runs a
	 * PostgreSQL of its own; with SSL off there, the server's answer is the one a server
	 * that forces SSL gives a client with sslmode=disable.
	 */
	@Test
	void serverAdmitsOnlySsl(CapturedOutput output) throws Exception {
		Path hba = Files.createTempFile("pooltune-hostssl-only", ".conf");
		Files.writeString(hba, """
				local   all  all                 trust
				host    all  postgres  127.0.0.1/32  trust
				host    all  postgres  ::1/128       trust
				hostssl all  all       0.0.0.0/0     scram-sha-256
				hostssl all  all       ::/0          scram-sha-256
				""");
		try (RestartablePostgres server = RestartablePostgres.start(Map.of("hba_file", hba.toString()))) {
			try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
				statement.execute("create role pooltune_app login password 'App-Pw-27182'");
			}
			failToStart(output, "--spring.datasource.url=" + server.jdbcUrl("postgres"),
					"--spring.datasource.username=pooltune_app", "--spring.datasource.password=App-Pw-27182");
			assertThat(output).contains("The database refused a connection without SSL: its pg_hba.conf has no rule "
					+ "for this host, user and database without encryption.")
				.contains("no pg_hba.conf entry for host \"127.0.0.1\", user \"pooltune_app\", database \"postgres\", "
						+ "no encryption (SQLState 28000)")
				.contains("add sslmode=require (or sslmode=verify-full, which also checks the server's certificate) "
						+ "to spring.datasource.url (from command line), for example "
						+ "spring.datasource.url=jdbc:postgresql://host:5432/database?sslmode=require")
				.doesNotContain("App-Pw-27182");
		}
		finally {
			Files.deleteIfExists(hba);
		}
	}

	@Test
	void unknownHost(CapturedOutput output) {
		failToStart(output, datasource("jdbc:postgresql://pooltune-db.invalid:5432/orders"));
		assertThat(output).contains("The database host \"pooltune-db.invalid\" is unknown: its name does not resolve.")
			.contains("The connection attempt failed. (SQLState 08001); java.net.UnknownHostException: "
					+ "pooltune-db.invalid")
			.contains("Correct the host in spring.datasource.url (from command line).")
			.contains("Each attempt waits at most DB_CONNECT_TIMEOUT (10s, default).");
	}

	@Test
	void connectionRefused(CapturedOutput output) {
		failToStart(output, datasource("jdbc:postgresql://127.0.0.1:1/orders?password=" + WRONG_PASSWORD));
		assertThat(output).contains("The database at 127.0.0.1:1 refused the connection: nothing accepts connections "
				+ "there.")
			.contains("Connection to 127.0.0.1:1 refused.")
			.contains("Database: jdbc:postgresql://127.0.0.1:1/orders?password=****** (spring.datasource.url, from "
					+ "command line)")
			.contains("Check the host and port in spring.datasource.url (from command line), and that the server is "
					+ "up and listens there");
	}

	/** A port that takes the TCP connection and never answers, as a stalled server or a dropping firewall. */
	@Test
	void connectionTimedOut(CapturedOutput output) throws IOException {
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			failToStart(output, datasource("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/orders",
					"--db.connect-timeout=1"));
			assertThat(output)
				.contains("The database at 127.0.0.1:" + silent.getLocalPort() + " did not answer within "
						+ "DB_CONNECT_TIMEOUT (1s, command line).")
				.contains("(SQLState 08001)")
				.contains("raise DB_CONNECT_TIMEOUT (db.connect-timeout), at most DB_POOL_TIMEOUT");
		}
	}

	/**
	 * Not only Flyway: an application bean that queries while it is created, before any
	 * auto-configured bean exists, gets the same analysis and the pool's warning.
	 */
	@Test
	void applicationBeanOpensTheFirstConnection(CapturedOutput output) {
		failToStart(output, QueryingApplication.class,
				datasource(database.jdbcUrl() + "_missing", "--spring.flyway.enabled=false"));
		assertThat(output).contains("does not exist on the server").contains("(SQLState 3D000)");
	}

	@Test
	void otherFailuresAreLeftToOtherAnalyzers() {
		ConnectionFailureAnalyzer analyzer = new ConnectionFailureAnalyzer(new StandardEnvironment());
		assertThat(analyzer.analyze(new IllegalStateException("no database involved"))).isNull();
		assertThat(analyzer.analyze(new SQLException("syntax error at or near \"selec\"", "42601"))).isNull();
	}

	@Test
	void leavesThePoolAloneWhenPooltuneIsOff(CapturedOutput output) {
		failToStart(output, "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/orders", "--db.enabled=false");
		assertThat(output).doesNotContain("refused the connection: nothing accepts connections there");
	}

	/** Runs the application, which Flyway connects first, to its failure. */
	private static void failToStart(CapturedOutput output, String... args) {
		failToStart(output, FlywayApplication.class, args);
	}

	/** Runs the application to its failure and checks what every failure shares. */
	private static void failToStart(CapturedOutput output, Class<?> type, String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.add("--spring.flyway.locations=classpath:db/startup");
		SpringApplication application = application(type);
		assertThatException().isThrownBy(() -> application.run(all.toArray(String[]::new)));
		boolean pooltuneOn = !all.contains("--db.enabled=false");
		if (pooltuneOn) {
			assertThat(output).contains("APPLICATION FAILED TO START")
				.doesNotContain("\tat ")
				.doesNotContain("Application run failed")
				.doesNotContain(WRONG_PASSWORD);
			assertThat(output.getOut().lines().filter((line) -> line.contains("com.zaxxer.hikari")))
				.as("HikariCP's own lines")
				.noneMatch((line) -> line.contains(" ERROR ") || line.contains(" WARN "));
			assertThat(output.getOut().lines().filter((line) -> line.contains("diagnostics.ConnectionFailures")))
				.as("the pool's own warning")
				.hasSize(1)
				.allMatch((line) -> line.contains(" WARN ") && line.contains("cannot open connections"));
		}
	}

	/** The test database's credentials with the given URL, and further arguments. */
	private static String[] datasource(String url, String... more) {
		List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + url,
				"--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password()));
		args.addAll(List.of(more));
		return args.toArray(String[]::new);
	}

	private static SpringApplication application(Class<?> type) {
		SpringApplication application = new SpringApplication(type);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class FlywayApplication {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class QueryingApplication {

		@Bean
		FirstQuery firstQuery(DataSource dataSource) {
			return new FirstQuery(dataSource);
		}

	}

	/** Queries in its constructor, as start-up code that loads a cache does. */
	static class FirstQuery {

		FirstQuery(DataSource dataSource) {
			new JdbcTemplate(dataSource).queryForObject("select 1", Integer.class);
		}

	}

}
