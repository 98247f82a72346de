package io.github.pooltune.test;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PgBouncer as a child process of this JVM, listening on a free port of 127.0.0.1, its
 * files and log in a temporary directory that {@link #stop()} deletes.
 *
 * @param port the port it listens on
 * @param process the child process
 * @param directory its configuration files and log
 * @author pooltune
 */
record PgBouncerProcess(int port, Process process, Path directory) implements PgBouncer.Running {

	private static final Logger logger = LoggerFactory.getLogger(PgBouncerProcess.class);

	private static final String HOST = "127.0.0.1";

	private static final long START_TIMEOUT_MILLIS = 10_000;

	static PgBouncerProcess start(Path binary, TestDatabase database,
			Function<PgBouncer.Listen, PgBouncer.Configuration> configuration) {
		IllegalStateException failure = null;
		// A free port may be taken between looking and binding; try again on another.
		for (int attempt = 0; attempt < 3; attempt++) {
			try {
				return start(binary, database, freePort(), configuration);
			}
			catch (IllegalStateException ex) {
				failure = ex;
			}
		}
		throw failure;
	}

	private static PgBouncerProcess start(Path binary, TestDatabase database, int port,
			Function<PgBouncer.Listen, PgBouncer.Configuration> configuration) {
		Path directory = createDirectory();
		Path log = directory.resolve("pgbouncer.log");
		Process process;
		try {
			PgBouncer.Configuration files = configuration.apply(new PgBouncer.Listen(HOST, port, database.host(),
					database.port(), directory.resolve("userlist.txt").toString()));
			Path ini = write(directory, "pgbouncer.ini", files.ini());
			write(directory, "userlist.txt", files.userlist());
			List<String> command = new ArrayList<>(List.of(binary.toString()));
			if ("root".equals(System.getProperty("user.name"))) {
				command.addAll(List.of("-u", "nobody"));
			}
			command.add(ini.toString());
			process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		}
		catch (IOException ex) {
			deleteRecursively(directory);
			throw new IllegalStateException("Could not start PgBouncer (" + binary + "): " + ex.getMessage(), ex);
		}
		PgBouncerProcess pgbouncer = new PgBouncerProcess(port, process, directory);
		pgbouncer.awaitListening();
		return pgbouncer;
	}

	@Override
	public String host() {
		return HOST;
	}

	@Override
	public String log() {
		Path log = this.directory.resolve("pgbouncer.log");
		try {
			return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			return "(could not read " + log + ": " + ex.getMessage() + ")";
		}
	}

	@Override
	public void stop() {
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

	private void awaitListening() {
		long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
		while (System.currentTimeMillis() < deadline) {
			if (!this.process.isAlive()) {
				String output = log();
				stop();
				throw new IllegalStateException(
						"PgBouncer exited at start-up (exit code " + this.process.exitValue() + "):\n" + output);
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(HOST, this.port), 200);
				return;
			}
			catch (IOException ex) {
				sleep();
			}
		}
		String output = log();
		stop();
		throw new IllegalStateException("PgBouncer did not listen on " + HOST + ":" + this.port + " within "
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

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
