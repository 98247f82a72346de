package io.github.pooltune.sample;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A statement cancelled for real by pooltune's {@code DB_STATEMENT_TIMEOUT=1} (sent to
 * the server as {@code statement_timeout}; SQLState 57014): the request answers 503 with
 * {@code Retry-After} and a body that names the setting, the log has one WARN line
 * without a stack, and the next request succeeds.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.embedded-database=false", "db.pool-size=2", "db.max-overflow=0", "db.pool-timeout=5",
				"db.statement-timeout=1s" })
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class StatementTimeoutTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SampleDatabase.register(registry);
	}

	@LocalServerPort
	private int port;

	@Test
	void aStatementCancelledByTheStatementTimeoutAnswers503NamingTheSetting(CapturedOutput output) throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		assertThat(http.get("/api/slow?ms=200").statusCode()).isEqualTo(200);

		long start = System.nanoTime();
		HttpResponse<String> response = http.get("/api/slow?ms=3000");
		long millis = (System.nanoTime() - start) / 1_000_000;
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(response.body()).isEqualTo("{\"error\":\"database unavailable\",\"reason\":\"statement timeout\","
				+ "\"setting\":\"DB_STATEMENT_TIMEOUT\"}");
		SampleHttp.assertNoInternals(response);
		// The server cancelled the statement after 1 s, long before its 3 s of sleep were over.
		assertThat(millis).isBetween(1_000L, 2_500L);
		String expected = "GET /api/slow answered 503 (statement timeout, DB_STATEMENT_TIMEOUT): "
				+ "ERROR: canceling statement due to statement timeout";
		String line = ApiLog.assertOneWarnLine(output, expected);
		assertThat(line).endsWith(" : " + expected);
		System.out.println("Statement timeout after " + millis + " ms, logged as: " + line);

		assertThat(http.get("/api/slow?ms=200").statusCode()).isEqualTo(200);
	}

}
