package io.github.pooltune.sample;

import java.io.IOException;
import java.net.ServerSocket;

import io.github.pooltune.test.TestDatabase;
import io.github.pooltune.test.TestRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The sample has no failure analyzer of its own: the starter's explains why its first
 * connection failed, as in any application. Here for the sample as it is, started with a
 * {@code DATABASE_URL} that is wrong in three ways: the password, the database, the port.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseConnectionFailureAnalyzerTests {

	private static final TestDatabase database = TestDatabase.get();

	private static final String WRONG_PASSWORD = "Not-The-Pw-8642";

	@Test
	void wrongPasswordInDatabaseUrl(CapturedOutput output) throws Exception {
		TestRole role = database.createRole("");
		failToStart(output, "postgresql://" + role.name() + ":" + WRONG_PASSWORD + "@" + database.host() + ":"
				+ database.port() + "/" + database.databaseName());
		assertThat(output).contains("The database rejected the application's user name or password.")
			.contains("password authentication failed for user \"" + role.name() + "\" (SQLState 28P01)")
			.contains("Check the user name and password: the user and password in DATABASE_URL")
			.doesNotContain(role.password());
	}

	@Test
	void unknownDatabaseInDatabaseUrl(CapturedOutput output) {
		String missing = database.databaseName() + "_gone";
		failToStart(output, database.databaseUrl() + "_gone");
		assertThat(output)
			.contains("The database \"" + missing + "\" does not exist on the server at " + database.host() + ":"
					+ database.port() + ".")
			.contains("Correct the database name at the end of the URL in DATABASE_URL, or create the database: "
					+ "CREATE DATABASE " + missing + ".");
	}

	@Test
	void nothingListensAtThePort(CapturedOutput output) throws IOException {
		int port = freePort();
		failToStart(output, "postgresql://app:" + WRONG_PASSWORD + "@127.0.0.1:" + port + "/orders");
		assertThat(output).contains("The database at 127.0.0.1:" + port + " refused the connection")
			.contains("Database: jdbc:postgresql://127.0.0.1:" + port + "/orders (DATABASE_URL)")
			.contains("Check the host and port in DATABASE_URL");
	}

	private static void failToStart(CapturedOutput output, String databaseUrl) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--DATABASE_URL=" + databaseUrl));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.doesNotContain("\tat ")
			.doesNotContain("Application run failed")
			.doesNotContain(WRONG_PASSWORD);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
