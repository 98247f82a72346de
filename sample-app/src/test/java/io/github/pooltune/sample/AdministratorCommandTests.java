package io.github.pooltune.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
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
 * An administrator (or a failover) acts on the backend serving a slow request, for real:
 * {@code pg_terminate_backend} (57P01) answers 503 "database unreachable" and
 * {@code pg_cancel_backend} (57014, not the statement timeout) 503 "query canceled", each
 * with {@code Retry-After} and one WARN line without a stack; the next request succeeds.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.embedded-database=false", "db.pool-size=2", "db.max-overflow=0", "db.pool-timeout=5" })
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class AdministratorCommandTests {

	private static final TestDatabase database = TestDatabase.get();

	private static final Backends backends = Backends.named(database, "pooltune-administrator");

	private final ExecutorService client = Executors.newSingleThreadExecutor();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SampleDatabase.register(registry, () -> backends.jdbcUrl(database.jdbcUrl()));
	}

	@LocalServerPort
	private int port;

	@AfterEach
	void stopClient() {
		this.client.shutdownNow();
	}

	@Test
	void aBackendTerminatedWhileItServesARequestAnswers503(CapturedOutput output) throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		Future<HttpResponse<String>> slow = this.client.submit(() -> http.get("/api/slow?ms=8000"));
		assertThat(backends.awaitSleeping((count) -> count == 1, Duration.ofSeconds(10))).isEqualTo(1);
		assertThat(backends.terminateSleeping()).isEqualTo(1);
		HttpResponse<String> response = slow.get(5, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(response.body())
			.isEqualTo("{\"error\":\"database unavailable\",\"reason\":\"database unreachable\"}");
		SampleHttp.assertNoInternals(response);
		String expected = "GET /api/slow answered 503 (database unreachable): "
				+ "FATAL: terminating connection due to administrator command";
		String line = ApiLog.assertOneWarnLine(output, expected);
		assertThat(line).endsWith(" : " + expected);
		System.out.println("Backend terminated, logged as: " + line);
		assertThat(http.get("/api/slow?ms=100").statusCode()).isEqualTo(200);
	}

	@Test
	void aStatementCancelledByAnAdministratorAnswers503(CapturedOutput output) throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		Future<HttpResponse<String>> slow = this.client.submit(() -> http.get("/api/slow?ms=8000"));
		assertThat(backends.awaitSleeping((count) -> count == 1, Duration.ofSeconds(10))).isEqualTo(1);
		assertThat(backends.cancelSleeping()).isEqualTo(1);
		HttpResponse<String> response = slow.get(5, TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(response.body()).isEqualTo("{\"error\":\"database unavailable\",\"reason\":\"query canceled\"}");
		SampleHttp.assertNoInternals(response);
		String expected = "GET /api/slow answered 503 (query canceled): ERROR: canceling statement due to user request";
		assertThat(ApiLog.assertOneWarnLine(output, expected)).endsWith(" : " + expected);
		assertThat(http.get("/api/slow?ms=100").statusCode()).isEqualTo(200);
	}

}
