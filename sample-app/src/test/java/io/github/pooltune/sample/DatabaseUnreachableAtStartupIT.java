package io.github.pooltune.sample;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the packaged sample app with a {@code DATABASE_URL} where nothing listens: it
 * stops with the starter's failure analysis, which names the host, the port and the
 * setting to change, after one WARN line from the pool; no stack trace, no password.
 *
 * @author pooltune
 */
class DatabaseUnreachableAtStartupIT {

	private static final String PASSWORD = "Unguessable-Pw-4711";

	@Test
	void startupFailsWithAShortAnalysisAndNoPassword() throws Exception {
		int port = freePort();
		Path log = Files.createTempFile(Files.createDirectories(Path.of("target")), "pooltune-unreachable-it", ".log");
		String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(javaBin, "-jar", System.getProperty("sample.jar"))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Map<String, String> environment = builder.environment();
		environment.keySet().removeIf((name) -> name.startsWith("DB_") || name.startsWith("SPRING_"));
		environment.put("DATABASE_URL", "postgresql://app:" + PASSWORD + "@127.0.0.1:" + port + "/orders");
		environment.put("SERVER_PORT", "0");
		Process app = builder.start();
		boolean exited = app.waitFor(90, TimeUnit.SECONDS);
		if (!exited) {
			app.destroyForcibly();
		}
		String output = Files.readString(log);
		assertThat(exited).as(output).isTrue();
		assertThat(app.exitValue()).as(output).isNotZero();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The database at 127.0.0.1:" + port + " refused the connection: nothing accepts connections "
					+ "there.")
			.contains("Database: jdbc:postgresql://127.0.0.1:" + port + "/orders (DATABASE_URL)")
			.contains("Action:")
			.contains("Check the host and port in DATABASE_URL, and that the server is up and listens there")
			.contains("DB_CONNECT_TIMEOUT")
			.doesNotContain(PASSWORD)
			.doesNotContain("\tat ")
			.doesNotContain("Caused by")
			.doesNotContain("Application run failed");
		assertThat(output.lines().filter((line) -> line.contains(" WARN ") && line.contains("cannot open connections")))
			.as("the pool's one warning")
			.hasSize(1);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static {
		// Fail early with a clear message if run outside Maven's integration-test phase.
		String jar = System.getProperty("sample.jar");
		if (jar == null || !new File(jar).isFile()) {
			throw new IllegalStateException("sample.jar is not set to the packaged sample app; run ./mvnw verify");
		}
	}

}
