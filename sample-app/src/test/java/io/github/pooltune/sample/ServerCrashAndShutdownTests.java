package io.github.pooltune.sample;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.pooltune.test.RestartablePostgres;
import io.github.pooltune.test.Sql;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
 * A server of the test's own crashes and then shuts down, for real: a backend killed with
 * SIGKILL makes the server end every other session (57P02, which pgjdbc sees only as a
 * warning before the connection breaks, 08006) and recover; a smart shutdown (SIGTERM to
 * the postmaster) refuses new connections (57P03). Each request that meets one answers
 * 503 "database unreachable" with {@code Retry-After} and one WARN line without a stack.
 * In this order: the shutdown ends the server.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.embedded-database=false", "db.pool-size=2", "db.max-overflow=0", "db.pool-timeout=2",
				"db.reserved-connections=0" })
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class ServerCrashAndShutdownTests {

	/** HikariCP checks a borrowed connection only when it has been idle longer than this. */
	private static final Duration ALIVE_BYPASS_WINDOW = Duration.ofMillis(500);

	private static RestartablePostgres server;

	private static Backends backends;

	/** A session that keeps the smart shutdown waiting, so that the server refuses new connections. */
	private static Connection lastSession;

	private final ExecutorService client = Executors.newSingleThreadExecutor();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws Exception {
		// zonky's default is synchronous_commit=off: the crash would lose the migration just committed.
		server = RestartablePostgres.start(Map.of("synchronous_commit", "on"));
		backends = Backends.named(server::connect, "pooltune-crash");
		registry.add("spring.datasource.url", () -> backends.jdbcUrl(server.jdbcUrl("postgres")));
		registry.add("spring.datasource.username", () -> "postgres");
	}

	@AfterAll
	static void stopServer() throws SQLException {
		server.close();
		if (lastSession != null) {
			lastSession.close();
		}
	}

	@LocalServerPort
	private int port;

	@Test
	@Order(1)
	void aCrashedBackendEndsTheOtherSessionsAndTheServerRecovers(CapturedOutput output) throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		assertThat(http.roles("demo-key-0001").statusCode()).isEqualTo(200);
		Future<HttpResponse<String>> slow = this.client.submit(() -> http.get("/api/slow?ms=8000"));
		assertThat(backends.awaitSleeping((count) -> count == 1, Duration.ofSeconds(10))).isEqualTo(1);
		try (Connection victim = server.connect()) {
			ProcessHandle.of(backendPid(victim)).orElseThrow().destroyForcibly();
		}
		catch (SQLException ex) {
			// Closing a connection whose backend is gone may fail; the backend is gone either way.
		}
		HttpResponse<String> response = slow.get(10, TimeUnit.SECONDS);
		assertDatabaseUnreachable(response);
		String expected = "GET /api/slow answered 503 (database unreachable): "
				+ "An I/O error occurred while sending to the backend.";
		String line = ApiLog.assertOneWarnLine(output, expected);
		assertThat(line).endsWith(" : " + expected);
		System.out.println("Server crash, logged as: " + line);

		long crashedAt = System.nanoTime();
		int status = 0;
		while (status != 200 && System.nanoTime() - crashedAt < Duration.ofSeconds(30).toNanos()) {
			Thread.sleep(200);
			status = http.roles("demo-key-0001").statusCode();
		}
		assertThat(status).isEqualTo(200);
		System.out.printf("Server crash: requests succeed again %d ms after the crash%n",
				(System.nanoTime() - crashedAt) / 1_000_000);
		this.client.shutdownNow();
	}

	@Test
	@Order(2)
	void aServerShuttingDownRefusesNewConnectionsAndRequestsAnswer503(CapturedOutput output) throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		assertThat(http.roles("demo-key-0001").statusCode()).isEqualTo(200);
		lastSession = server.connect();
		ProcessHandle postmaster = ProcessHandle.of(backendPid(lastSession))
			.flatMap(ProcessHandle::parent)
			.orElseThrow();
		// SIGTERM: a smart shutdown; sessions go on, new connections are refused.
		postmaster.destroy();
		assertThat(awaitRefusal()).isEqualTo("57P03");
		try (Statement statement = lastSession.createStatement()) {
			statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where application_name = '"
					+ backends.applicationName() + "'");
		}
		Thread.sleep(ALIVE_BYPASS_WINDOW.multipliedBy(2).toMillis());

		HttpResponse<String> response = http.roles("demo-key-0001");
		assertDatabaseUnreachable(response);
		String expected = "GET /api/roles answered 503 (database unreachable): "
				+ "FATAL: the database system is shutting down";
		String line = ApiLog.assertOneWarnLine(output, expected);
		assertThat(line).endsWith(" : " + expected);
		System.out.println("Server shutting down, logged as: " + line);
	}

	private static void assertDatabaseUnreachable(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(response.body())
			.isEqualTo("{\"error\":\"database unavailable\",\"reason\":\"database unreachable\"}");
		SampleHttp.assertNoInternals(response);
	}

	/** The SQLState of the first connection the server refuses, within 10 s. */
	private static String awaitRefusal() throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			try (Connection connection = server.connect()) {
				Thread.sleep(50);
			}
			catch (SQLException ex) {
				return ex.getSQLState();
			}
		}
		return null;
	}

	private static long backendPid(Connection connection) throws SQLException {
		return Sql.singleLong(connection, "select pg_backend_pid()");
	}

}
