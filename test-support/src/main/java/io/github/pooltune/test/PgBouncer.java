package io.github.pooltune.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PgBouncer in front of the test database's server, started as a child process
 * with a generated configuration: it listens on a free port of 127.0.0.1, knows the
 * fixture's user, and pools every database of the server in the mode asked for. Stop it
 * with {@link #close()}; a JVM that exits stops it too.
 *
 * <pre>
 * try (PgBouncer pgbouncer = PgBouncer.inFrontOf(TestDatabase.get()).poolMode(PoolMode.TRANSACTION).start()) {
 *     DriverManager.getConnection(pgbouncer.jdbcUrl(), user, password) …
 * }
 * </pre>
 *
 * The binary is {@code PGBOUNCER} from the environment, else {@code pgbouncer} in
 * {@code /usr/sbin} (Debian, Ubuntu) or on the {@code PATH}. Without it, {@link #start}
 * fails and says how to install it. PgBouncer refuses to run as root, so under root it
 * runs as {@code nobody}.
 *
 * @author pooltune
 */
public final class PgBouncer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PgBouncer.class);

	private static final List<String> KNOWN_LOCATIONS = List.of("/usr/sbin/pgbouncer", "/usr/local/sbin/pgbouncer",
			"/usr/local/bin/pgbouncer", "/opt/homebrew/bin/pgbouncer");

	private static final long START_TIMEOUT_MILLIS = 10_000;

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

	private final TestDatabase database;

	private final int port;

	private final Process process;

	private final Path directory;

	private final Thread stopAtExit;

	private PgBouncer(TestDatabase database, int port, Process process, Path directory) {
		this.database = database;
		this.port = port;
		this.process = process;
		this.directory = directory;
		this.stopAtExit = new Thread(this::stop, "pooltune-pgbouncer-stop");
		Runtime.getRuntime().addShutdownHook(this.stopAtExit);
	}

	/** A PgBouncer for the server of the given test database, to configure and start. */
	public static Builder inFrontOf(TestDatabase database) {
		return new Builder(database);
	}

	/** {@code jdbc:postgresql://127.0.0.1:port/database}: the test database, through PgBouncer. */
	public String jdbcUrl() {
		return "jdbc:postgresql://" + host() + ":" + this.port + "/" + this.database.databaseName();
	}

	public String host() {
		return "127.0.0.1";
	}

	/** The port PgBouncer listens on. */
	public int port() {
		return this.port;
	}

	/** What PgBouncer has logged so far. */
	public String log() {
		try {
			return Files.readString(this.directory.resolve("pgbouncer.log"), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stops PgBouncer, which drops its client and server connections. */
	@Override
	public void close() {
		stop();
		try {
			Runtime.getRuntime().removeShutdownHook(this.stopAtExit);
		}
		catch (IllegalStateException ex) {
			// The JVM is exiting; the hook runs stop() again, which does nothing now.
		}
	}

	private void stop() {
		if (this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		deleteRecursively(this.directory);
	}

	/**
	 * The PgBouncer binary: {@code PGBOUNCER} from the environment, else a known location
	 * or the {@code PATH}.
	 * @throws IllegalStateException when there is none, saying how to install it
	 */
	static Path binary(Map<String, String> environment) {
		String configured = environment.get("PGBOUNCER");
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured);
			if (Files.isExecutable(path)) {
				return path;
			}
			throw new IllegalStateException("PGBOUNCER is " + configured + ", which is not an executable file");
		}
		List<Path> candidates = new ArrayList<>();
		KNOWN_LOCATIONS.forEach((location) -> candidates.add(Path.of(location)));
		String path = environment.getOrDefault("PATH", "");
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty()) {
				candidates.add(Path.of(directory, "pgbouncer"));
			}
		}
		return candidates.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
				"PgBouncer is not installed, and the PgBouncer tests need a real one: install it (Debian/Ubuntu: "
						+ "apt-get install pgbouncer, as .ci/run does; macOS: brew install pgbouncer), or set PGBOUNCER "
						+ "to the path of its binary. Looked in " + String.join(", ", KNOWN_LOCATIONS)
						+ " and on the PATH."));
	}

	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			logger.debug("Could not delete {}: {}", directory, ex.getMessage());
		}
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
		 * @throws IllegalStateException if PgBouncer is not installed or does not start
		 */
		public PgBouncer start() {
			Path binary = binary(System.getenv());
			IllegalStateException failure = null;
			// A free port may be taken between looking and binding; try again on another.
			for (int attempt = 0; attempt < 3; attempt++) {
				try {
					PgBouncer pgbouncer = start(binary, freePort());
					logger.info("PgBouncer ({}) in {} pooling mode on 127.0.0.1:{} in front of {}:{}", binary,
							this.poolMode.value(), pgbouncer.port(), this.database.host(), this.database.port());
					return pgbouncer;
				}
				catch (IllegalStateException ex) {
					failure = ex;
				}
			}
			throw failure;
		}

		private PgBouncer start(Path binary, int port) {
			Path directory = createDirectory();
			Path log = directory.resolve("pgbouncer.log");
			Process process;
			try {
				Path ini = write(directory, "pgbouncer.ini", ini(port, directory.resolve("userlist.txt")));
				write(directory, "userlist.txt", quote(this.database.username()) + " "
						+ quote(this.database.password()) + "\n");
				List<String> command = new ArrayList<>(List.of(binary.toString()));
				if ("root".equals(System.getProperty("user.name"))) {
					command.addAll(List.of("-u", "nobody"));
				}
				command.add(ini.toString());
				process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(log.toFile())
					.start();
			}
			catch (IOException ex) {
				deleteRecursively(directory);
				throw new IllegalStateException("Could not start PgBouncer (" + binary + "): " + ex.getMessage(), ex);
			}
			PgBouncer pgbouncer = new PgBouncer(this.database, port, process, directory);
			awaitListening(pgbouncer, process, port, log);
			return pgbouncer;
		}

		private String ini(int port, Path userlist) {
			StringBuilder ini = new StringBuilder();
			ini.append("[databases]\n");
			ini.append("* = host=").append(this.database.host()).append(" port=").append(this.database.port())
				.append('\n');
			ini.append("\n[pgbouncer]\n");
			ini.append("listen_addr = 127.0.0.1\n");
			ini.append("listen_port = ").append(port).append('\n');
			ini.append("unix_socket_dir =\n");
			boolean passwordless = this.database.password().isEmpty();
			ini.append("auth_type = ").append(passwordless ? "trust" : "scram-sha-256").append('\n');
			ini.append("auth_file = ").append(userlist).append('\n');
			ini.append("pool_mode = ").append(this.poolMode.value()).append('\n');
			this.settings.forEach((name, value) -> ini.append(name).append(" = ").append(value).append('\n'));
			return ini.toString();
		}

		private static void awaitListening(PgBouncer pgbouncer, Process process, int port, Path log) {
			long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
			while (System.currentTimeMillis() < deadline) {
				if (!process.isAlive()) {
					String output = read(log);
					pgbouncer.close();
					throw new IllegalStateException("PgBouncer exited at start-up (exit code " + process.exitValue()
							+ "):\n" + output);
				}
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
					return;
				}
				catch (IOException ex) {
					sleep();
				}
			}
			String output = read(log);
			pgbouncer.close();
			throw new IllegalStateException("PgBouncer did not listen on 127.0.0.1:" + port + " within "
					+ START_TIMEOUT_MILLIS + " ms:\n" + output);
		}

		/** PgBouncer may run as nobody: the directory and the files must be readable for it. */
		private static Path createDirectory() {
			try {
				Path directory = Files.createTempDirectory("pooltune-pgbouncer-");
				Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
				return directory;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private static Path write(Path directory, String name, String content) throws IOException {
			Path file = Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
			return file;
		}

		/** A userlist.txt field: in double quotes, a double quote doubled. */
		private static String quote(String value) {
			return "\"" + value.replace("\"", "\"\"") + "\"";
		}

		private static int freePort() {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private static String read(Path log) {
			try {
				return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
			}
			catch (IOException ex) {
				return "(could not read " + log + ": " + ex.getMessage() + ")";
			}
		}

		private static void sleep() {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for PgBouncer to start", ex);
			}
		}

	}

}
