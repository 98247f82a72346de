package io.github.pooltune.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.test.TcpRelay;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The network path to the database stalls: a {@link TcpRelay} keeps every connection
 * open and accepts new ones, but forwards no byte. A statement gives up after
 * {@code db.socket-timeout}, a borrow after {@code db.pool-timeout}; no request thread
 * stays stuck, and once the path flows again the pool serves requests by itself.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.embedded-database=false", "db.pool-size=3", "db.max-overflow=2", "db.pool-timeout=2",
				"db.connect-timeout=1", "db.socket-timeout=" + StalledNetworkTests.SOCKET_TIMEOUT_SECONDS })
@DirtiesContext
class StalledNetworkTests {

	static final int SOCKET_TIMEOUT_SECONDS = 3;

	private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(SOCKET_TIMEOUT_SECONDS);

	private static final Duration POOL_TIMEOUT = Duration.ofSeconds(2);

	private static TcpRelay relay;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws IOException {
		TestDatabase database = TestDatabase.get();
		relay = TcpRelay.inFrontOf(database);
		SampleDatabase.register(registry, () -> relay.jdbcUrl(database.databaseName()));
	}

	@AfterAll
	static void closeRelay() {
		relay.close();
	}

	@LocalServerPort
	private int port;

	@Autowired
	private HikariDataSource dataSource;

	@AfterEach
	void resumeAndAwaitRecovery() throws Exception {
		relay.resume();
		SampleHttp http = new SampleHttp(this.port);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (http.roles("demo-key-0001").statusCode() != 200 && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
	}

	@Test
	void aStatementOnAStalledConnectionFailsAfterTheSocketTimeout() throws Exception {
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("select 1");
			relay.stall();
			long start = System.nanoTime();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.execute("select 1"));
			long millis = millisSince(start);
			System.out.printf("Stalled network: a statement failed after %d ms (db.socket-timeout %d s)%n", millis,
					SOCKET_TIMEOUT_SECONDS);
			assertThat(millis).isBetween(SOCKET_TIMEOUT.toMillis() - 100, SOCKET_TIMEOUT.toMillis() * 110 / 100);
		}
	}

	@Test
	void aRequestFrozenMidQueryAnswers503AfterTheSocketTimeout() throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		assertThat(http.get("/api/slow?ms=10").statusCode()).isEqualTo(200);
		long start = System.nanoTime();
		CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
			try {
				return http.get("/api/slow?ms=1000");
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		Thread.sleep(300);
		relay.stall();
		HttpResponse<String> response = slow.join();
		long millis = millisSince(start);
		System.out.printf("Stalled network: a request frozen mid-query answered %d after %d ms (db.socket-timeout %d s)%n",
				response.statusCode(), millis, SOCKET_TIMEOUT_SECONDS);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(millis).isBetween(SOCKET_TIMEOUT.toMillis(), SOCKET_TIMEOUT.toMillis() * 110 / 100 + 200);
	}

	@Test
	void borrowsFailWithinThePoolTimeout() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.isValid(1);
		}
		relay.stall();
		// Longer than HikariCP's bypass window, so every idle connection is checked on borrow.
		Thread.sleep(600);
		for (int borrow = 0; borrow < 3; borrow++) {
			long start = System.nanoTime();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> this.dataSource.getConnection().close());
			long millis = millisSince(start);
			System.out.printf("Stalled network: borrow %d failed after %d ms (db.pool-timeout %d s)%n", borrow + 1,
					millis, POOL_TIMEOUT.toSeconds());
			assertThat(millis).isLessThanOrEqualTo(POOL_TIMEOUT.toMillis() * 110 / 100);
		}
	}

	@Test
	void underLoadNoRequestOutlastsTheTimeoutsAndNoRequestThreadStaysStuck() throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		Duration stall = Duration.ofSeconds(8);
		long stalledAt;
		long resumedAt;
		List<Load.Request> requests;
		try (Load load = Load.start(http, 6, Load.roles(), Load.slow(200))) {
			Thread.sleep(1_000);
			relay.stall();
			stalledAt = System.nanoTime();
			Thread.sleep(stall.toMillis());
			Map<String, Long> stuck = busyRequestThreads();
			relay.resume();
			resumedAt = System.nanoTime();
			Thread.sleep(2_000);
			load.close();
			requests = load.requests();
			System.out.printf("Stalled network: request threads busy at the end of the %d s stall: %d%n",
					stall.toSeconds(), stuck.size());
		}
		long busyAfter = awaitNoBusyRequestThreads(SOCKET_TIMEOUT);
		int waiting = this.dataSource.getHikariPoolMXBean().getThreadsAwaitingConnection();
		List<Load.Request> stalled = requests.stream()
			.filter((request) -> request.endNanos() >= stalledAt && request.startNanos() <= resumedAt)
			.toList();
		Load.Request longest = stalled.stream().max(Comparator.comparingLong(Load.Request::millis)).orElseThrow();
		long failed = requests.stream().filter((request) -> !request.succeeded()).count();
		long succeededAfterResume = requests.stream()
			.filter((request) -> request.startNanos() >= resumedAt && request.succeeded())
			.count();
		System.out.printf("Stalled network for %d s, 6 clients on /api/roles and /api/slow?ms=200 (pool 3 + 2, "
				+ "pool-timeout 2 s, socket-timeout %d s): %d requests during the stall, the longest %d ms; %d of %d "
				+ "failed: %s; %d succeeded after it flowed again; busy request threads 0 after %d ms, pool waiting %d%n",
				stall.toSeconds(), SOCKET_TIMEOUT_SECONDS, stalled.size(), longest.millis(), failed, requests.size(),
				Load.failures(requests), succeededAfterResume, busyAfter, waiting);
		assertThat(requests).filteredOn((request) -> !request.succeeded())
			.allSatisfy((request) -> assertThat(request.status()).isEqualTo(503));
		// A request waits for a connection (pool-timeout) or for the server's answer on one
		// (socket-timeout), never for both in a row on a stalled path.
		long bound = Math.max(POOL_TIMEOUT.toMillis(), SOCKET_TIMEOUT.toMillis()) * 110 / 100 + 200;
		assertThat(stalled).allSatisfy((request) -> assertThat(request.millis()).isLessThanOrEqualTo(bound));
		assertThat(succeededAfterResume).isPositive();
		assertThat(busyAfter).isBetween(0L, SOCKET_TIMEOUT.toMillis());
		assertThat(waiting).isZero();
	}

	/** Tomcat's request threads now inside the sample's code, with how deep their stack is. */
	private static Map<String, Long> busyRequestThreads() {
		return Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().getName().startsWith("http-nio-"))
			.filter((entry) -> List.of(entry.getValue())
				.stream()
				.anyMatch((frame) -> frame.getClassName().startsWith("io.github.pooltune.sample.")))
			.collect(Collectors.toMap((entry) -> entry.getKey().getName(), (entry) -> (long) entry.getValue().length));
	}

	private static long awaitNoBusyRequestThreads(Duration timeout) throws InterruptedException {
		long start = System.nanoTime();
		while (!busyRequestThreads().isEmpty()) {
			if (System.nanoTime() - start > timeout.toNanos()) {
				return -1;
			}
			Thread.sleep(20);
		}
		return millisSince(start);
	}

	private static long millisSince(long nanos) {
		return (System.nanoTime() - nanos) / 1_000_000;
	}

}
