package io.github.pooltune.test;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PgBouncer in front of the test database's server, with a generated
 * configuration: it knows the fixture's user and pools every database of the server in
 * the mode asked for. Stop it with {@link #close()}; a JVM that exits stops it too.
 *
 * <pre>
 * try (PgBouncer pgbouncer = PgBouncer.inFrontOf(TestDatabase.get()).poolMode(PoolMode.TRANSACTION).start()) {
 *     DriverManager.getConnection(pgbouncer.jdbcUrl(), user, password) …
 * }
 * </pre>
 *
 * PgBouncer comes from {@link TestProgram#PGBOUNCER}: the {@code PGBOUNCER} binary, else
 * a container when Docker answers, else the machine's ({@code /usr/sbin/pgbouncer}, the
 * {@code PATH}); a child process listening on a free port of 127.0.0.1 (as {@code nobody}
 * under root, since PgBouncer refuses to run as root) or a container. Without any, the
 * test is skipped, or fails when the run requires every program.
 *
 * @author pooltune
 */
public final class PgBouncer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PgBouncer.class);

	/** PgBouncer's {@code pool_mode}. */
	public enum PoolMode {

		/** A server connection per client connection, for as long as it is connected. */
		SESSION,

		/** A server connection per transaction; statements outside one are transactions of their own. */
		TRANSACTION,

		/** A server connection per statement; transactions of several statements are refused. */
		STATEMENT;

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/** A started PgBouncer, a child process or a container. */
	interface Running {

		String host();

		int port();

		String log();

		void stop();

	}

	private final TestDatabase database;

	private final Running running;

	private final Thread stopAtExit;

	private PgBouncer(TestDatabase database, Running running) {
		this.database = database;
		this.running = running;
		this.stopAtExit = new Thread(running::stop, "pooltune-pgbouncer-stop");
		Runtime.getRuntime().addShutdownHook(this.stopAtExit);
	}

	/** A PgBouncer for the server of the given test database, to configure and start. */
	public static Builder inFrontOf(TestDatabase database) {
		return new Builder(database);
	}

	/** {@code jdbc:postgresql://host:port/database}: the test database, through PgBouncer. */
	public String jdbcUrl() {
		return "jdbc:postgresql://" + host() + ":" + port() + "/" + this.database.databaseName();
	}

	/** The host PgBouncer listens on, as this JVM reaches it. */
	public String host() {
		return this.running.host();
	}

	/** The port PgBouncer listens on, as this JVM reaches it. */
	public int port() {
		return this.running.port();
	}

	/** Stops PgBouncer, which drops its client and server connections. */
	@Override
	public void close() {
		this.running.stop();
		try {
			Runtime.getRuntime().removeShutdownHook(this.stopAtExit);
		}
		catch (IllegalStateException ex) {
			// The JVM is exiting; the hook runs stop() again, which does nothing now.
		}
	}

	/** What PgBouncer has logged so far. */
	public String log() {
		return this.running.log();
	}

	/** Configures a PgBouncer before it starts. */
	public static final class Builder {

		private final TestDatabase database;

		private PoolMode poolMode = PoolMode.TRANSACTION;

		private final Map<String, String> settings = new LinkedHashMap<>();

		private Builder(TestDatabase database) {
			this.database = database;
			this.settings.put("default_pool_size", "4");
			this.settings.put("max_client_conn", "200");
		}

		/** The pool mode; {@link PoolMode#TRANSACTION} unless set. */
		public Builder poolMode(PoolMode poolMode) {
			this.poolMode = poolMode;
			return this;
		}

		/**
		 * Any other setting of the {@code [pgbouncer]} section, as PgBouncer names it:
		 * {@code default_pool_size} (4 unless set), {@code ignore_startup_parameters}, ….
		 */
		public Builder setting(String name, String value) {
			this.settings.put(name, value);
			return this;
		}

		/**
		 * Starts PgBouncer and waits until it accepts connections.
		 * @throws org.opentest4j.TestAbortedException if there is no PgBouncer and the run
		 * does not require one
		 * @throws IllegalStateException if PgBouncer does not start, or there is none and
		 * the run requires one
		 */
		public PgBouncer start() {
			TestProgram.Source source = TestProgram.PGBOUNCER.resolve();
			Running running = (source instanceof TestProgram.Binary binary)
					? PgBouncerProcess.start(binary.path(), this.database, this::configuration)
					: PgBouncerContainer.start(this.database, this::configuration);
			logger.info("PgBouncer ({}) in {} pooling mode on {}:{} in front of {}:{}",
					(source instanceof TestProgram.Binary binary) ? binary.path() : PgBouncerContainer.IMAGE,
					this.poolMode.value(), running.host(), running.port(), this.database.host(),
					this.database.port());
			return new PgBouncer(this.database, running);
		}

		/** The two files PgBouncer reads, for where it runs. */
		private Configuration configuration(Listen listen) {
			StringBuilder ini = new StringBuilder();
			ini.append("[databases]\n");
			ini.append("* = host=").append(listen.serverHost()).append(" port=").append(listen.serverPort())
				.append('\n');
			ini.append("\n[pgbouncer]\n");
			ini.append("listen_addr = ").append(listen.address()).append('\n');
			ini.append("listen_port = ").append(listen.port()).append('\n');
			ini.append("unix_socket_dir =\n");
			boolean passwordless = this.database.password().isEmpty();
			ini.append("auth_type = ").append(passwordless ? "trust" : "scram-sha-256").append('\n');
			ini.append("auth_file = ").append(listen.userlist()).append('\n');
			ini.append("pool_mode = ").append(this.poolMode.value()).append('\n');
			this.settings.forEach((name, value) -> ini.append(name).append(" = ").append(value).append('\n'));
			String userlist = quote(this.database.username()) + " " + quote(this.database.password()) + "\n";
			return new Configuration(ini.toString(), userlist);
		}

		/** A userlist.txt field: in double quotes, a double quote doubled. */
		private static String quote(String value) {
			return "\"" + value.replace("\"", "\"\"") + "\"";
		}

	}

	/**
	 * Where PgBouncer listens and finds the server and its userlist, as seen from where it
	 * runs.
	 */
	record Listen(String address, int port, String serverHost, int serverPort, String userlist) {

	}

	/** The contents of {@code pgbouncer.ini} and {@code userlist.txt}. */
	record Configuration(String ini, String userlist) {

	}

}
