package io.github.pooltune.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every backend of the sample's pool terminated on the real server with
 * {@code pg_terminate_backend}: while idle, pre-ping hands out only live connections, so
 * the next 100 requests all succeed; under load, only requests whose statement was on a
 * terminated backend fail (503, counted and printed), and the pool opens its
 * {@code pool-size} connections again by itself.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "sample.embedded-database=false",
		"db.pool-size=" + KilledBackendsTests.POOL_SIZE, "db.max-overflow=0", "db.pool-timeout=5",
		"db.pool-pre-ping=true" })
@DirtiesContext
class KilledBackendsTests {

	static final int POOL_SIZE = 10;

	/** HikariCP checks a borrowed connection only when it has been idle longer than this. */
	private static final Duration ALIVE_BYPASS_WINDOW = Duration.ofMillis(500);

	private static final TestDatabase database = TestDatabase.get();

	private static final Backends backends = Backends.named(database, "pooltune-killed");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SampleDatabase.register(registry, () -> backends.jdbcUrl(database.jdbcUrl()));
	}

	@LocalServerPort
	private int port;

	@Autowired
	private HikariDataSource dataSource;

	@Test
	void afterEveryIdleBackendIsTerminatedTheNextHundredRequestsSucceed() throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		assertThat(http.roles("demo-key-0001").statusCode()).isEqualTo(200);
		assertThat(backends.await((count) -> count == POOL_SIZE, Duration.ofSeconds(30))).isEqualTo(POOL_SIZE);

		int terminated = backends.terminateAll();
		assertThat(backends.await((count) -> count == 0, Duration.ofSeconds(10))).isZero();
		Thread.sleep(ALIVE_BYPASS_WINDOW.multipliedBy(2).toMillis());

		List<Integer> statuses = new ArrayList<>();
		for (int i = 1; i <= 100; i++) {
			statuses.add(http.roles(String.format("demo-key-%04d", i)).statusCode());
		}
		long failed = statuses.stream().filter((status) -> status != 200).count();
		System.out.printf("Killed backends, idle: %d terminated; the next 100 requests: %d succeeded, %d failed%n",
				terminated, 100 - failed, failed);
		assertThat(terminated).isEqualTo(POOL_SIZE);
		assertThat(statuses).containsOnly(200);
		assertThat(backends.await((count) -> count == POOL_SIZE, Duration.ofSeconds(10))).isEqualTo(POOL_SIZE);
	}

	@Test
	void underLoadOnlyRequestsOnTerminatedBackendsFailAndThePoolRefillsByItself() throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		assertThat(http.roles("demo-key-0001").statusCode()).isEqualTo(200);
		assertThat(backends.await((count) -> count == POOL_SIZE, Duration.ofSeconds(30))).isEqualTo(POOL_SIZE);
		int kills = 3;
		List<Integer> terminated = new ArrayList<>();
		List<Load.Request> requests;
		try (Load load = Load.start(http, 8, Load.roles(), Load.slow(50))) {
			Thread.sleep(1_500);
			for (int kill = 0; kill < kills; kill++) {
				terminated.add(backends.terminateAll());
				Thread.sleep(2_000);
			}
			Thread.sleep(1_000);
			load.close();
			requests = load.requests();
		}
		List<Load.Request> failed = requests.stream().filter((request) -> !request.succeeded()).toList();
		System.out.printf(
				"Killed backends, under load (8 clients, /api/roles and /api/slow?ms=50, pool %d + 0): %d kills "
						+ "terminated %s backends; %d of %d requests failed: %s%n",
				POOL_SIZE, kills, terminated, failed.size(), requests.size(), Load.failures(requests));
		assertThat(terminated).allSatisfy((count) -> assertThat(count).isPositive());
		assertThat(failed).allSatisfy((request) -> assertThat(request.status()).isEqualTo(503));
		// A request fails only when its statement ran on a backend that was terminated: at most
		// one per terminated backend.
		assertThat(failed.size()).isLessThanOrEqualTo(terminated.stream().mapToInt(Integer::intValue).sum());

		// No request, no help: HikariCP replaces the broken connections on its own.
		assertThat(backends.await((count) -> count == POOL_SIZE, Duration.ofSeconds(15))).isEqualTo(POOL_SIZE);
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		assertThat(pool.getTotalConnections()).isEqualTo(POOL_SIZE);
		assertThat(pool.getIdleConnections()).isEqualTo(POOL_SIZE);
		HttpResponse<String> health = http.get("/actuator/health/pool");
		assertThat(SampleHttp.json(health).get("status").asString()).isEqualTo("UP");
	}

}
