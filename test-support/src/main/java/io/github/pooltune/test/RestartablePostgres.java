package io.github.pooltune.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL of one test's own (zonky's embedded binaries), on a fixed port of
 * 127.0.0.1 with a data directory that survives {@link #stop()}, so that the test can
 * stop the server for real and {@link #start()} it again without touching the server
 * other tests share. Server settings such as a small {@code max_connections} are given
 * at creation. User {@code postgres}, no password (trust).
 *
 * @author pooltune
 */
public final class RestartablePostgres implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RestartablePostgres.class);

	private final Map<String, String> serverConfig;

	private final Path dataDirectory;

	private final int port;

	private EmbeddedPostgres postgres;

	private RestartablePostgres(Map<String, String> serverConfig, Path dataDirectory, int port) {
		this.serverConfig = serverConfig;
		this.dataDirectory = dataDirectory;
		this.port = port;
	}

	/**
	 * Creates and starts a server.
	 * @param serverConfig PostgreSQL settings, e.g. {@code max_connections=10}
	 */
	public static RestartablePostgres start(Map<String, String> serverConfig) throws IOException {
		Path dataDirectory = Files.createTempDirectory("pooltune-restartable-pg");
		RestartablePostgres server = new RestartablePostgres(new LinkedHashMap<>(serverConfig), dataDirectory,
				freePort());
		server.start();
		return server;
	}

	/** Starts the server (again) on the same port and data directory. */
	public synchronized void start() throws IOException {
		if (this.postgres != null) {
			return;
		}
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(this.dataDirectory)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(true)
			.setPort(this.port);
		this.serverConfig.forEach(builder::setServerConfig);
		this.postgres = builder.start();
		logger.info("Own PostgreSQL for a test started on 127.0.0.1:{}", this.port);
	}

	/** Stops the server for real ({@code pg_ctl stop -m fast}): every connection is closed, new ones are refused. */
	public synchronized void stop() throws IOException {
		if (this.postgres != null) {
			this.postgres.close();
			this.postgres = null;
			logger.info("Own PostgreSQL for a test on 127.0.0.1:{} stopped", this.port);
		}
	}

	/** Whether the server runs now. */
	public synchronized boolean isRunning() {
		return this.postgres != null;
	}

	public int port() {
		return this.port;
	}

	/** {@code jdbc:postgresql://127.0.0.1:port/database}. */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	/** A new connection as {@code postgres} to database {@code postgres}, outside any pool. */
	public Connection connect() throws SQLException {
		return connect("postgres", "postgres");
	}

	/** A new connection to the given database as the given user, outside any pool. */
	public Connection connect(String database, String user) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(database) + "?connectTimeout=5", user, "");
	}

	/** Stops the server and deletes its data directory. */
	@Override
	public synchronized void close() {
		try {
			stop();
		}
		catch (IOException ex) {
			logger.warn("Could not stop the PostgreSQL on 127.0.0.1:{}: {}", this.port, ex.getMessage());
		}
		try (Stream<Path> files = Files.walk(this.dataDirectory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
