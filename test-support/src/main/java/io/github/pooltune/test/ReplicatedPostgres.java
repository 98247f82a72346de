package io.github.pooltune.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two real PostgreSQL servers of one test's own, a primary and a standby that streams its
 * WAL from it (physical replication, hot standby), on fixed ports of 127.0.0.1, so that
 * a test can fail over for real: {@link #stopPrimary()} stops the primary
 * ({@code pg_ctl stop -m fast}) and {@link #promoteStandby()} makes the standby the new
 * primary ({@code pg_promote()}). zonky's embedded binaries hold no
 * {@code pg_basebackup}, so the standby starts from a copy of the primary's data
 * directory taken while the primary is cleanly stopped, with {@code standby.signal} and
 * {@code primary_conninfo}. User {@code postgres}, no password (trust).
 *
 * @author pooltune
 */
public final class ReplicatedPostgres implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ReplicatedPostgres.class);

	private static final Duration WAIT = Duration.ofSeconds(15);

	/** What initdb writes into the data directory that belongs to the running server only. */
	private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");

	private static final Pattern REPLICATION_FROM_LOOPBACK = Pattern
		.compile("(?m)^\\s*host\\s+replication\\s+all\\s+127\\.0\\.0\\.1/32\\s+trust\\s*$");

	private final Path root;

	private final Server primary;

	private final Server standby;

	private ReplicatedPostgres(Path root, Server primary, Server standby) {
		this.root = root;
		this.primary = primary;
		this.standby = standby;
	}

	/** Starts a primary and its standby with zonky's default settings. */
	public static ReplicatedPostgres start() throws IOException {
		return start(Map.of(), Map.of());
	}

	/**
	 * Starts a primary and its standby and waits until the standby streams.
	 * @param primaryConfig settings of the primary, e.g. {@code max_connections=40}
	 * @param standbyConfig settings of the standby; a hot standby needs a
	 * {@code max_connections} at least the primary's
	 */
	public static ReplicatedPostgres start(Map<String, String> primaryConfig, Map<String, String> standbyConfig)
			throws IOException {
		Path root = Files.createTempDirectory("pooltune-replicated-pg");
		Server primary = new Server("primary", root.resolve("primary"), freePort(), primaryConfig);
		Server standby = new Server("standby", root.resolve("standby"), freePort(), standbyConfig);
		ReplicatedPostgres servers = new ReplicatedPostgres(root, primary, standby);
		try {
			// initdb, then a clean stop: the copy is then a consistent base backup.
			primary.start();
			primary.stop();
			allowReplicationFromLoopback(primary.dataDirectory());
			copyDataDirectory(primary.dataDirectory(), standby.dataDirectory());
			makeStandbyOf(standby.dataDirectory(), primary.port());
			primary.start();
			standby.start();
			servers.awaitStreaming();
			logger.info("Primary on 127.0.0.1:{}, standby streaming from it on 127.0.0.1:{}", primary.port(),
					standby.port());
			return servers;
		}
		catch (IOException | RuntimeException ex) {
			servers.close();
			throw ex;
		}
	}

	public int primaryPort() {
		return this.primary.port();
	}

	public int standbyPort() {
		return this.standby.port();
	}

	/** {@code 127.0.0.1:primaryPort,127.0.0.1:standbyPort}: both servers, the primary first. */
	public String hosts() {
		return "127.0.0.1:" + primaryPort() + ",127.0.0.1:" + standbyPort();
	}

	/**
	 * {@code jdbc:postgresql://127.0.0.1:P1,127.0.0.1:P2/database?targetServerType=primary}:
	 * pgjdbc connects to whichever of the two is the primary now.
	 */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + hosts() + "/" + database + "?targetServerType=primary";
	}

	/** A new connection as {@code postgres} to database {@code postgres} of the first primary, outside any pool. */
	public Connection connectPrimary() throws SQLException {
		return connect(primaryPort());
	}

	/** A new connection as {@code postgres} to database {@code postgres} of the standby, outside any pool. */
	public Connection connectStandby() throws SQLException {
		return connect(standbyPort());
	}

	/** Stops the primary for real ({@code pg_ctl stop -m fast}): its connections close, new ones are refused. */
	public void stopPrimary() throws IOException {
		this.primary.stop();
	}

	/** Whether the first primary runs now. */
	public boolean isPrimaryRunning() {
		return this.primary.isRunning();
	}

	/** Promotes the standby ({@code pg_promote()}, waiting until it is done): it takes writes from then on. */
	public void promoteStandby() throws SQLException {
		try (Connection connection = connectStandby(); Statement statement = connection.createStatement();
				ResultSet promoted = statement.executeQuery("select pg_promote(true, " + WAIT.toSeconds() + ")")) {
			promoted.next();
			if (!promoted.getBoolean(1)) {
				throw new IllegalStateException("The standby on 127.0.0.1:" + standbyPort()
						+ " was not promoted within " + WAIT.toSeconds() + " s");
			}
		}
		logger.info("Standby on 127.0.0.1:{} promoted", standbyPort());
	}

	/** Waits until the standby has replayed everything the primary has written so far. */
	public void awaitReplayed() throws SQLException, InterruptedException {
		String written;
		try (Connection connection = connectPrimary()) {
			// The insert position: with zonky's synchronous_commit=off a commit may not be written yet.
			written = Sql.single(connection, "select pg_current_wal_insert_lsn()");
		}
		try (Connection connection = connectStandby()) {
			awaitTrue(connection, "select pg_last_wal_replay_lsn() >= '" + written + "'::pg_lsn",
					"the standby replays the primary's WAL up to " + written);
		}
	}

	/** Stops both servers and deletes their data directories. */
	@Override
	public void close() {
		this.standby.stopQuietly();
		this.primary.stopQuietly();
		try (Stream<Path> files = Files.walk(this.root)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitStreaming() throws IOException {
		try (Connection connection = connectPrimary()) {
			awaitTrue(connection, "select count(*) > 0 from pg_stat_replication where state = 'streaming'",
					"the standby streams from the primary");
		}
		catch (SQLException ex) {
			throw new IOException("Could not check the replication of the primary on 127.0.0.1:" + primaryPort(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while waiting for the standby", ex);
		}
	}

	private static void awaitTrue(Connection connection, String sql, String what)
			throws SQLException, InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!"t".equals(Sql.single(connection, sql))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Gave up after " + WAIT.toSeconds() + " s waiting until " + what);
			}
			Thread.sleep(20);
		}
	}

	/**
	 * initdb's pg_hba.conf lets replication connections from 127.0.0.1 in (trust, as
	 * everything else with {@code -A trust}); a later initdb that did not would leave the
	 * standby waiting, so the line is added when missing.
	 */
	private static void allowReplicationFromLoopback(Path dataDirectory) throws IOException {
		Path hba = dataDirectory.resolve("pg_hba.conf");
		if (!REPLICATION_FROM_LOOPBACK.matcher(Files.readString(hba)).find()) {
			Files.writeString(hba, "\nhost replication all 127.0.0.1/32 trust\n", StandardOpenOption.APPEND);
		}
	}

	private static void copyDataDirectory(Path from, Path to) throws IOException {
		List<Path> files;
		try (Stream<Path> walk = Files.walk(from)) {
			files = walk.filter((file) -> !NOT_COPIED.contains(file.getFileName().toString())).toList();
		}
		for (Path file : files) {
			// COPY_ATTRIBUTES keeps the 0700 PostgreSQL insists on for its directories.
			Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
		}
	}

	private static void makeStandbyOf(Path dataDirectory, int primaryPort) throws IOException {
		Files.createFile(dataDirectory.resolve("standby.signal"));
		// Not a -c option: zonky joins those with spaces, which primary_conninfo holds.
		String conninfo = "host=127.0.0.1 port=" + primaryPort
				+ " user=postgres application_name=pooltune_standby connect_timeout=2";
		Files.writeString(dataDirectory.resolve("postgresql.auto.conf"), "primary_conninfo = '" + conninfo + "'\n",
				StandardCharsets.UTF_8, StandardOpenOption.APPEND);
	}

	private static Connection connect(int port) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=5",
				"postgres", "");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** One of the two servers: its data directory survives a stop, so it starts again with its data. */
	private static final class Server {

		private final String role;

		private final Path dataDirectory;

		private final int port;

		private final Map<String, String> config;

		private EmbeddedPostgres postgres;

		Server(String role, Path dataDirectory, int port, Map<String, String> config) {
			this.role = role;
			this.dataDirectory = dataDirectory;
			this.port = port;
			this.config = Map.copyOf(config);
		}

		Path dataDirectory() {
			return this.dataDirectory;
		}

		int port() {
			return this.port;
		}

		synchronized boolean isRunning() {
			return this.postgres != null;
		}

		/** Runs initdb when the directory holds no cluster yet, then starts the server. */
		synchronized void start() throws IOException {
			if (this.postgres != null) {
				return;
			}
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(this.dataDirectory)
				.setCleanDataDirectory(false)
				.setPort(this.port);
			this.config.forEach(builder::setServerConfig);
			this.postgres = builder.start();
		}

		synchronized void stop() throws IOException {
			if (this.postgres != null) {
				this.postgres.close();
				this.postgres = null;
				logger.info("The {} on 127.0.0.1:{} stopped", this.role, this.port);
			}
		}

		void stopQuietly() {
			try {
				stop();
			}
			catch (IOException ex) {
				logger.warn("Could not stop the {} on 127.0.0.1:{}: {}", this.role, this.port, ex.getMessage());
			}
		}

	}

}
