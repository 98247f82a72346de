package io.github.pooltune.sample;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import io.github.pooltune.test.ReplicatedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
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
 * A real primary failover under load: the sample runs on a primary and its streaming
 * standby through a multi-host URL with {@code targetServerType=primary}; while 4 clients
 * call {@code /api/roles} and a writer inserts rows through the application's own pool,
 * the primary is stopped ({@code pg_ctl stop -m fast}) and, {@link #DETECTION} later (the
 * time a failover manager takes to decide), the standby promoted. Every failed request
 * is a 503 and none waits longer than the pool timeout (+10 %); requests and writes
 * succeed on the new primary within the recovery bound after the promotion, and every
 * row written after it is on the new primary; no acknowledged write is lost; pooltune
 * names the switch. Prints the figures.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "sample.embedded-database=false",
		"db.pool-size=5", "db.max-overflow=5", "db.pool-timeout=2", "db.connect-timeout=1", "db.socket-timeout=5" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class PrimaryFailoverTests {

	static final Duration POOL_TIMEOUT = Duration.ofSeconds(2);

	/** Between the primary's stop and the promotion: no server takes writes. */
	static final Duration DETECTION = Duration.ofSeconds(2);

	/** As in {@link DatabaseAwayScenario}: HikariCP's 5 s back-off cap plus one connect timeout (1 s). */
	static final Duration RECOVERY_BOUND = DatabaseAwayScenario.RECOVERY_BOUND;

	/** pooltune's server check runs every 5 s, on a spare connection. */
	static final Duration SWITCH_NAMED_WITHIN = RECOVERY_BOUND.plusSeconds(6);

	private static ReplicatedPostgres servers;

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws IOException {
		servers = ReplicatedPostgres.start();
		registry.add("spring.datasource.url", () -> servers.jdbcUrl("postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
	}

	@AfterAll
	static void stopServers() {
		servers.close();
	}

	@Test
	void requestsAndWritesMoveToThePromotedStandby(CapturedOutput output) throws Exception {
		try (Connection primary = servers.connectPrimary(); Statement statement = primary.createStatement()) {
			statement.execute(Writer.CREATE_TABLE);
		}
		servers.awaitReplayed();
		SampleHttp http = new SampleHttp(this.port);
		assertThat(http.roles("demo-key-0001").statusCode()).isEqualTo(200);
		long stoppedAt;
		long promotedAt;
		long namedAfter = -1;
		List<Load.Request> requests;
		List<Writer.Write> writes;
		try (Load load = Load.start(http, 4, Load.roles()); Writer writer = Writer.start(this.dataSource)) {
			// Past pooltune's first look at the server, a second after the application was ready.
			Thread.sleep(2_000);
			stoppedAt = System.nanoTime();
			servers.stopPrimary();
			Thread.sleep(DETECTION.toMillis());
			servers.promoteStandby();
			promotedAt = System.nanoTime();
			String switchLine = "Pool 'dataSource' now reaches another database server: 127.0.0.1:"
					+ servers.standbyPort() + " (primary";
			while (millisSince(promotedAt) < SWITCH_NAMED_WITHIN.toMillis()) {
				if (output.toString().contains(switchLine)) {
					namedAfter = millisSince(promotedAt);
					break;
				}
				Thread.sleep(20);
			}
			Thread.sleep(1_000);
			load.close();
			writer.close();
			requests = load.requests();
			writes = writer.writes();
		}

		List<Load.Request> failed = requests.stream().filter((request) -> !request.succeeded()).toList();
		Load.Request longest = requests.stream().max(Comparator.comparingLong(Load.Request::millis)).orElseThrow();
		// Nothing succeeds between the stop and the promotion: no server takes the pool's connections.
		long requestsBack = millisAfter(promotedAt, requests.stream()
			.filter((request) -> request.succeeded() && request.endNanos() >= promotedAt)
			.mapToLong(Load.Request::endNanos));
		long failedOnceBack = failed.stream()
			.filter((request) -> request.startNanos() >= promotedAt + requestsBack * 1_000_000)
			.count();
		List<Writer.Write> failedWrites = writes.stream().filter((write) -> !write.succeeded()).toList();
		Writer.Write longestWrite = writes.stream().max(Comparator.comparingLong(Writer.Write::millis)).orElseThrow();
		List<Writer.Write> afterPromotion = writes.stream()
			.filter((write) -> write.succeeded() && write.endNanos() >= promotedAt)
			.toList();
		List<Writer.Write> beforeStop = writes.stream()
			.filter((write) -> write.succeeded() && write.endNanos() <= stoppedAt)
			.toList();
		long writesBack = millisAfter(promotedAt, afterPromotion.stream().mapToLong(Writer.Write::endNanos));
		Map<Long, Integer> onNewPrimary = rowsOnNewPrimary();
		long lost = beforeStop.stream().filter((write) -> !onNewPrimary.containsKey(write.seq())).count();
		System.out.printf("Primary failover (stopped with pg_ctl stop -m fast, standby promoted %d s later) with 4 "
				+ "clients on /api/roles and a writer (pool 5 + 5, pool-timeout 2 s, connect-timeout 1 s): %d of %d "
				+ "requests failed: %s; longest request %d ms; %d of %d writes failed: %s; longest write %d ms; "
				+ "after the promotion requests succeed after %d ms and writes after %d ms, all %d writes after it "
				+ "on the new primary (127.0.0.1:%d); %d of %d writes acknowledged before the stop lost; pooltune "
				+ "named the switch %d ms after the promotion%n", DETECTION.toSeconds(), failed.size(), requests.size(),
				Load.failures(requests), longest.millis(), failedWrites.size(), writes.size(),
				Writer.failures(writes), longestWrite.millis(), requestsBack, writesBack, afterPromotion.size(),
				servers.standbyPort(), lost, beforeStop.size(), namedAfter);

		assertThat(failed).as("failed requests").isNotEmpty().allSatisfy((request) -> {
			assertThat(request.status()).isEqualTo(503);
			assertThat(request.body()).contains("database unreachable");
		});
		assertThat(longest.millis()).as("longest request, ms").isLessThanOrEqualTo(POOL_TIMEOUT.toMillis() * 110 / 100);
		assertThat(longestWrite.millis()).as("longest write, ms")
			.isLessThanOrEqualTo(POOL_TIMEOUT.toMillis() * 110 / 100);
		assertThat(requestsBack).as("requests succeed, ms after the promotion")
			.isBetween(0L, RECOVERY_BOUND.toMillis());
		assertThat(writesBack).as("writes succeed, ms after the promotion").isBetween(0L, RECOVERY_BOUND.toMillis());
		assertThat(failedOnceBack).as("requests failed once requests succeeded on the new primary").isZero();
		assertThat(afterPromotion).isNotEmpty()
			.allSatisfy((write) -> assertThat(write.serverPort()).isEqualTo(servers.standbyPort()))
			.allSatisfy((write) -> assertThat(onNewPrimary).containsEntry(write.seq(), servers.standbyPort()));
		assertThat(beforeStop).isNotEmpty();
		assertThat(lost).as("writes acknowledged before the stop that the new primary lacks").isZero();
		assertThat(namedAfter).as("pooltune's WARN, ms after the promotion").isNotNegative();
		assertThat(http.roles("demo-key-0002").statusCode()).isEqualTo(200);
	}

	/** The rows on the promoted standby: seq and the port of the server that took each. */
	private static Map<Long, Integer> rowsOnNewPrimary() throws SQLException {
		Map<Long, Integer> rows = new HashMap<>();
		try (Connection connection = servers.connectStandby(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select seq, server_port from failover_writes")) {
			while (result.next()) {
				rows.put(result.getLong(1), result.getInt(2));
			}
		}
		return rows;
	}

	/** Milliseconds from {@code since} to the first of the times, -1 when there is none. */
	private static long millisAfter(long since, LongStream times) {
		OptionalLong first = times.min();
		return first.isPresent() ? (first.getAsLong() - since) / 1_000_000 : -1;
	}

	private static long millisSince(long nanos) {
		return (System.nanoTime() - nanos) / 1_000_000;
	}

}
