package io.github.pooltune.sample;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.github.pooltune.test.TestDatabase;
import io.github.pooltune.test.TestRole;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transactions that PostgreSQL fails for real, through the test-only
 * {@link TransactionFaults} endpoints: a deadlock (40P01) and a serialization failure
 * (40001) answer 503 with a short {@code Retry-After}, a write on a read-only server
 * (25006) and a transaction closed by {@code DB_IDLE_IN_TRANSACTION_TIMEOUT} (25P03) 503
 * with a longer one, each logged as one WARN line without a stack; a statement in a
 * failed transaction (25P02) is the service's bug: 500, logged as an ERROR with its
 * stack. The sample runs as a role of its own, so that it alone turns read-only.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.embedded-database=false", "db.pool-size=2", "db.max-overflow=1", "db.pool-timeout=5",
				"db.idle-in-transaction-timeout=1s",
				// Migrated below: the app's role owns only the test's table.
				"spring.flyway.enabled=false" })
@Import(TransactionFaults.class)
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class TransactionFailuresTests {

	/** HikariCP checks a borrowed connection only when it has been idle longer than this. */
	private static final Duration ALIVE_BYPASS_WINDOW = Duration.ofMillis(500);

	private static final TestDatabase database = TestDatabase.get();

	private static final Backends backends = Backends.named(database, "pooltune-transactions");

	private static TestRole role;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws SQLException {
		role = database.createRole("");
		// Migrated as the fixture's user: the table of TransactionFaults must not be the first
		// thing in the shared schema, or the other tests' Flyway refuses a schema without history.
		Flyway.configure()
			.dataSource(database.jdbcUrl(), database.username(), database.password())
			.load()
			.migrate();
		registry.add("spring.datasource.url", () -> backends.jdbcUrl(database.jdbcUrl()));
		registry.add("spring.datasource.username", role::name);
		registry.add("spring.datasource.password", role::password);
	}

	@LocalServerPort
	private int port;

	@Test
	void aDeadlockAnswers503WithAShortRetryAfter(CapturedOutput output) throws Exception {
		HttpResponse<String> response = new SampleHttp(this.port).get("/test/deadlock");
		assertTransient(response, "1", "{\"error\":\"database unavailable\",\"reason\":\"deadlock detected\"}");
		String line = ApiLog.assertOneWarnLine(output,
				"GET /test/deadlock answered 503 (deadlock detected): ERROR: deadlock detected");
		System.out.println("Deadlock, logged as: " + line);
	}

	@Test
	void aSerializationFailureAnswers503WithAShortRetryAfter(CapturedOutput output) throws Exception {
		HttpResponse<String> response = new SampleHttp(this.port).get("/test/serialization-failure");
		assertTransient(response, "1", "{\"error\":\"database unavailable\",\"reason\":\"serialization failure\"}");
		String expected = "GET /test/serialization-failure answered 503 (serialization failure): "
				+ "ERROR: could not serialize access due to concurrent update";
		assertThat(ApiLog.assertOneWarnLine(output, expected)).endsWith(" : " + expected);
	}

	@Test
	void aStatementInAFailedTransactionIsTheServicesBugAndAnswers500(CapturedOutput output) throws Exception {
		HttpResponse<String> response = new SampleHttp(this.port).get("/test/failed-transaction");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("Retry-After")).isEmpty();
		assertThat(response.body()).isEqualTo("{\"error\":\"internal error\"}");
		SampleHttp.assertNoInternals(response);
		ApiLog.assertOneErrorWithStack(output, "Unexpected failure on GET /test/failed-transaction (in failed "
				+ "transaction: an earlier statement of the same transaction failed and its error was caught)");
		assertThat(output.getOut()).contains("current transaction is aborted, commands ignored until end of "
				+ "transaction block");
	}

	@Test
	void aWriteOnAServerThatTurnedReadOnlyAnswers503UntilItIsWritableAgain(CapturedOutput output)
			throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		assertThat(http.get("/test/write").statusCode()).isEqualTo(200);
		try {
			// As after a failover to a server that is read-only: the pool's connections are
			// closed, and the ones it opens again cannot write.
			admin("alter role " + role.name() + " set default_transaction_read_only = on");
			assertThat(reconnectPool()).isPositive();
			HttpResponse<String> response = http.get("/test/write");
			assertTransient(response, "5", "{\"error\":\"database unavailable\",\"reason\":\"database read-only\"}");
			String expected = "GET /test/write answered 503 (database read-only): "
					+ "ERROR: cannot execute UPDATE in a read-only transaction";
			assertThat(ApiLog.assertOneWarnLine(output, expected)).endsWith(" : " + expected);
		}
		finally {
			admin("alter role " + role.name() + " reset default_transaction_read_only");
			// The connection that met the read-only server was evicted: the pool may hold none now.
			reconnectPool();
		}
		assertThat(http.get("/test/write").statusCode()).isEqualTo(200);
	}

	@Test
	void aTransactionClosedByTheIdleInTransactionTimeoutAnswers503NamingTheSetting(CapturedOutput output)
			throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		assertThat(http.get("/test/idle-in-transaction?ms=200").statusCode()).isEqualTo(200);
		HttpResponse<String> response = http.get("/test/idle-in-transaction?ms=2000");
		assertTransient(response, "5", "{\"error\":\"database unavailable\",\"reason\":\"idle in transaction "
				+ "timeout\",\"setting\":\"DB_IDLE_IN_TRANSACTION_TIMEOUT\"}");
		// The rollback fails too (the server closed the connection); the application's failure decides.
		String expected = "GET /test/idle-in-transaction answered 503 (idle in transaction timeout, "
				+ "DB_IDLE_IN_TRANSACTION_TIMEOUT): FATAL: terminating connection due to idle-in-transaction timeout";
		assertThat(ApiLog.assertOneWarnLine(output, expected)).endsWith(" : " + expected);
		assertThat(http.get("/test/idle-in-transaction?ms=200").statusCode()).isEqualTo(200);
	}

	private static void assertTransient(HttpResponse<String> response, String retryAfter, String body) {
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue(retryAfter);
		assertThat(response.body()).isEqualTo(body);
		SampleHttp.assertNoInternals(response);
	}

	/**
	 * Terminates the pool's backends until none is left (the pool may be opening one
	 * meanwhile, to replace one pooltune evicted after it met a read-only server); once they
	 * are gone and idle long enough, the pool opens new ones. Returns how many it terminated.
	 */
	private static int reconnectPool() throws Exception {
		int terminated = 0;
		int left = -1;
		for (int attempt = 0; attempt < 10 && left != 0; attempt++) {
			terminated += backends.terminateAll();
			left = backends.await((count) -> count == 0, Duration.ofSeconds(1));
		}
		assertThat(left).isZero();
		Thread.sleep(ALIVE_BYPASS_WINDOW.multipliedBy(2).toMillis());
		return terminated;
	}

	private static void admin(String sql) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
