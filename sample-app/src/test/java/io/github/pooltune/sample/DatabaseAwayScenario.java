package io.github.pooltune.sample;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database goes away for 1, 3, 8 and 20 s and comes back while requests flow: no
 * request waits longer than the pool timeout (+10 %), every failure is a 503, {@code pool}
 * health turns DOWN while it is away (for outages long enough for the requests to find
 * out), and once the database answers again requests succeed and health is UP by itself
 * within the recovery bound. Subclasses say how the database goes away. Prints the
 * figures of each outage.
 *
 * @author pooltune
 */
abstract class DatabaseAwayScenario {

	static final Duration POOL_TIMEOUT = Duration.ofSeconds(2);

	/** {@code db.connect-timeout} of the subclasses: the longest one connection attempt takes. */
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * HikariCP's connection adder waits 10 ms, 20 ms, … doubling up to a fixed 5 s between
	 * failed attempts, and nothing shortens that wait (HikariCP #1741). So once the
	 * database answers, the next attempt starts within 5 s and takes at most a connect
	 * timeout. See docs/reliability.md, "The recovery bound".
	 */
	static final Duration BACK_OFF_CAP = Duration.ofSeconds(5);

	static final Duration RECOVERY_BOUND = BACK_OFF_CAP.plus(CONNECT_TIMEOUT);

	private static final List<String> figures = new CopyOnWriteArrayList<>();

	@LocalServerPort
	private int port;

	/** How the database goes away, e.g. a relay cut or a server stop. */
	abstract void goAway() throws Exception;

	/** How it comes back; returns once the database answers again. */
	abstract void comeBack() throws Exception;

	/** Names the fault in the printed figures. */
	abstract String fault();

	@AfterAll
	static void printFigures() {
		figures.forEach(System.out::println);
		figures.clear();
	}

	@ParameterizedTest(name = "away for {0} s")
	@ValueSource(ints = { 1, 3, 8, 20 })
	void noRequestWaitsBeyondThePoolTimeoutAndTheServiceRecoversWithinTheBound(int awaySeconds) throws Exception {
		Duration away = Duration.ofSeconds(awaySeconds);
		SampleHttp http = new SampleHttp(this.port);
		awaitUp(http);
		assertThat(http.roles("demo-key-0001").statusCode()).isEqualTo(200);
		assertThat(poolStatus(http)).isEqualTo("UP");
		long downAfter = -1;
		long recoveredAfter = -1;
		long firstSuccessAfter = -1;
		long awayAt;
		long backAt;
		List<Load.Request> requests;
		try (Load load = Load.start(http, 4, Load.roles())) {
			Thread.sleep(1_000);
			awayAt = System.nanoTime();
			goAway();
			while (System.nanoTime() - awayAt < away.toNanos()) {
				if (downAfter < 0 && "DOWN".equals(poolStatus(http))) {
					downAfter = millisSince(awayAt);
				}
				Thread.sleep(50);
			}
			comeBack();
			backAt = System.nanoTime();
			while (millisSince(backAt) < RECOVERY_BOUND.plusSeconds(3).toMillis()) {
				if (firstSuccessAfter < 0) {
					firstSuccessAfter = load.startedFrom(backAt)
						.stream()
						.filter(Load.Request::succeeded)
						.mapToLong((request) -> (request.endNanos() - backAt) / 1_000_000)
						.min()
						.orElse(-1);
				}
				if (firstSuccessAfter >= 0 && "UP".equals(poolStatus(http))) {
					recoveredAfter = millisSince(backAt);
					break;
				}
				Thread.sleep(20);
			}
			Thread.sleep(1_000);
			load.close();
			requests = load.requests();
		}
		List<Load.Request> whileAway = requests.stream()
			.filter((request) -> request.endNanos() >= awayAt && request.startNanos() <= backAt)
			.toList();
		List<Load.Request> failed = requests.stream().filter((request) -> !request.succeeded()).toList();
		Load.Request longest = requests.stream().max(Comparator.comparingLong(Load.Request::millis)).orElseThrow();
		figures.add(String.format("%s for %d s with 4 clients on /api/roles (pool 5 + 5, pool-timeout 2 s): pool "
				+ "health DOWN %d ms after it went away; %d of %d requests failed, all while it was away: %s; longest "
				+ "request %d ms; after it answered again: first success after %d ms, requests succeed and health UP "
				+ "after %d ms", fault(), awaySeconds, downAfter, failed.size(), requests.size(),
				Load.failures(requests), longest.millis(), firstSuccessAfter, recoveredAfter));
		System.out.println(figures.get(figures.size() - 1));

		if (away.compareTo(POOL_TIMEOUT) > 0) {
			// Within a shorter outage the requests may not even find the connections dead.
			assertThat(downAfter).as("pool health went DOWN while the database was away")
				.isBetween(0L, away.toMillis());
		}
		assertThat(failed).allSatisfy((request) -> assertThat(request.status()).isEqualTo(503));
		assertThat(whileAway).as("requests while the database was away").isNotEmpty();
		assertThat(longest.millis()).as("longest request, ms")
			.isLessThanOrEqualTo(POOL_TIMEOUT.toMillis() * 110 / 100);
		assertThat(recoveredAfter).as("requests succeed and health is UP again, ms after the database answered")
			.isBetween(0L, RECOVERY_BOUND.toMillis());
		assertThat(http.roles("demo-key-0002").statusCode()).isEqualTo(200);
	}

	/** The previous outage is over: the pool holds connections again. */
	private static void awaitUp(SampleHttp http) throws Exception {
		long deadline = System.nanoTime() + RECOVERY_BOUND.plusSeconds(5).toNanos();
		while (!("UP".equals(poolStatus(http)) && http.roles("demo-key-0001").statusCode() == 200)) {
			assertThat(System.nanoTime()).as("the service is up before the outage").isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private static String poolStatus(SampleHttp http) throws Exception {
		JsonNode health = SampleHttp.json(http.get("/actuator/health/pool"));
		return health.get("status").asString();
	}

	private static long millisSince(long nanos) {
		return (System.nanoTime() - nanos) / 1_000_000;
	}

}
