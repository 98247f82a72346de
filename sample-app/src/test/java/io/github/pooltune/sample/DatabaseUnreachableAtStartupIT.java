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
 * stops with one failure analysis that names the host and port and says what to do, with
 * no stack trace and without the password.
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
			.contains("The database at 127.0.0.1:" + port + " (database orders) did not answer (Connection refused).")
			.contains("Action:")
			.contains("set DATABASE_URL=postgresql://user:password@host:5432/database")
			.doesNotContain(PASSWORD)
			.doesNotContain("\tat ")
			.doesNotContain("Caused by");
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
