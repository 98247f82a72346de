package io.github.pooltune.sample;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged sample app in a JVM of its own, with the given environment and nothing of
 * the test's {@code DB_*} or {@code SPRING_*} variables, its whole output in a file.
 *
 * @author pooltune
 */
record SampleJvm(Process process, Path log, int port) implements AutoCloseable {

	/** Starts the sample on a free port and waits until it answers. */
	static SampleJvm start(Map<String, String> environment) throws Exception {
		int port = freePort();
		SampleJvm jvm = launch(environment, port);
		jvm.awaitHealth(Duration.ofSeconds(90));
		return jvm;
	}

	/** Starts the sample, expecting it to stop by itself (a failed start-up); returns its whole output. */
	static String runToExit(Map<String, String> environment) throws Exception {
		try (SampleJvm jvm = launch(environment, 0)) {
			boolean exited = jvm.process.waitFor(90, TimeUnit.SECONDS);
			String output = jvm.output();
			if (!exited || jvm.process.exitValue() == 0) {
				throw new IllegalStateException("The sample was expected to stop with a failure:\n" + output);
			}
			return output;
		}
	}

	private static SampleJvm launch(Map<String, String> environment, int port) throws IOException {
		String jar = System.getProperty("sample.jar");
		if (jar == null || !new File(jar).isFile()) {
			throw new IllegalStateException("sample.jar is not set to the packaged sample app; run ./mvnw verify");
		}
		Path log = Files.createTempFile("pooltune-sample-jvm", ".log");
		String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(javaBin, "-jar", jar).redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().keySet().removeIf((name) -> name.startsWith("DB_") || name.startsWith("SPRING_")
				|| name.equals("DATABASE_URL") || name.startsWith("LOGGING_"));
		builder.environment().putAll(environment);
		builder.environment().put("SERVER_PORT", Integer.toString(port));
		return new SampleJvm(builder.start(), log, port);
	}

	SampleHttp http() {
		return new SampleHttp(this.port);
	}

	/** Everything the JVM wrote so far, standard output and error. */
	String output() throws IOException {
		return Files.readString(this.log);
	}

	private void awaitHealth(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The sample app stopped:\n" + output());
			}
			try {
				if (http().get("/actuator/health").statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("The sample app did not answer in " + timeout + ":\n" + output());
	}

	/** Stops the JVM (SIGTERM) and waits for it, then deletes its output file. */
	@Override
	public void close() throws InterruptedException, IOException {
		if (this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		Files.deleteIfExists(this.log);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
