package io.github.pooltune.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.pooltune.test.RestartablePostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
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
 * A server with {@code max_connections = 10} (one of this test's own, not the shared
 * one), filled by other clients until it answers "sorry, too many clients already": the
 * request that needs a connection the server cannot give answers 503 (never 500), the log
 * carries the server's refusal, pool health turns DOWN once the pool holds no connection,
 * and the pool recovers by itself once the other clients leave.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.embedded-database=false", "db.pool-size=2", "db.max-overflow=2", "db.pool-timeout=2",
				"db.reserved-connections=0", "spring.flyway.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class TooManyClientsTests {

	private static final String APPLICATION_NAME = "pooltune-full-" + UUID.randomUUID().toString().substring(0, 8);

	private static final String TOO_MANY = "sorry, too many clients already";

	private static RestartablePostgres server;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws Exception {
		server = RestartablePostgres.start(Map.of("max_connections", "10"));
		try (Connection admin = server.connect(); Statement statement = admin.createStatement()) {
			statement.execute("create role app login");
		}
		Flyway.configure().dataSource(server.jdbcUrl("postgres"), "postgres", "").load().migrate();
		try (Connection admin = server.connect(); Statement statement = admin.createStatement()) {
			statement.execute("grant select on api_keys to app");
		}
		registry.add("spring.datasource.url",
				() -> server.jdbcUrl("postgres") + "?ApplicationName=" + APPLICATION_NAME);
		registry.add("spring.datasource.username", () -> "app");
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@LocalServerPort
	private int port;

	@Test
	void requestsAnswer503WhileTheServerIsFullAndThePoolRecoversWhenClientsLeave(CapturedOutput output)
			throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		assertThat(http.roles("demo-key-0001").statusCode()).isEqualTo(200);

		// Other clients take every slot left: the pool keeps its 2 and cannot open a 3rd.
		awaitIdlePoolBackends(2);
		try (Slots others = Slots.fill(server::connect, 20)) {
			System.out.printf("Too many clients: %d other connections filled the server, then: %s%n", others.count(),
					others.refusal().getMessage());
			assertThat(others.refusal().getMessage()).contains(TOO_MANY);
			List<Integer> statuses = Slots.concurrently(http, 3, "/api/slow?ms=3000");
			System.out.println("Too many clients: 3 requests needing 3 connections: " + statuses);
			assertThat(statuses).containsExactlyInAnyOrder(200, 200, 503);
		}
		assertThat(Slots.concurrently(http, 3, "/api/slow?ms=1000")).containsOnly(200);

		// The pool's backends terminated and their slots taken at once: the pool holds none and cannot open one.
		awaitIdlePoolBackends(2);
		try (Slots others = Slots.fill(server::connect, 20)) {
			terminatePoolBackends(others);
			try (Slots more = Slots.take(server::connect, 2)) {
				assertThat(http.roles("demo-key-0001").statusCode()).isEqualTo(503);
				assertThat(RoleConnectionLimitTests.awaitPoolStatus(http, "DOWN", Duration.ofSeconds(10)))
					.isEqualTo("DOWN");
			}
		}
		long freedAt = System.nanoTime();
		assertThat(RoleConnectionLimitTests.awaitPoolStatus(http, "UP", Duration.ofSeconds(15))).isEqualTo("UP");
		System.out.printf("Too many clients: pool UP again %d ms after the other clients left%n",
				(System.nanoTime() - freedAt) / 1_000_000);
		assertThat(http.roles("demo-key-0001").statusCode()).isEqualTo(200);

		List<String> lines = output.getOut()
			.lines()
			.filter((line) -> line.contains(TOO_MANY) && line.contains(" WARN "))
			.toList();
		System.out.println("Too many clients: what the log says now (" + lines.size() + " lines), e.g.:");
		lines.stream().map((line) -> line.replaceFirst("^.*? WARN ", "  WARN ")).distinct().limit(3)
			.forEach(System.out::println);
		// HikariCP logs the server's refusal at DEBUG only; pooltune's connection-failure WARN names
		// the limit and the settings to change, and the sample's 503 line carries the refusal.
		assertThat(output.getOut()).contains("cannot open connections: FATAL: " + TOO_MANY
				+ " (53300): the server has no connection slot left for this role and database (max_connections")
			.contains("lower DB_POOL_SIZE, DB_MAX_OVERFLOW or the number of instances")
			.contains("answered 503 (pool exhausted): FATAL: " + TOO_MANY)
			.contains("answered 503 (database unreachable)");
	}

	private static void awaitIdlePoolBackends(int expected) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (poolBackends() != expected && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(poolBackends()).isEqualTo(expected);
	}

	private static int poolBackends() throws SQLException {
		try (Connection admin = server.connect();
				PreparedStatement statement = admin
					.prepareStatement("select count(*) from pg_stat_activity where application_name = ?")) {
			statement.setString(1, APPLICATION_NAME);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	/** On a connection the test already holds: the server has no slot for a new one. */
	private static void terminatePoolBackends(Slots others) throws SQLException {
		try (PreparedStatement statement = others.first()
			.prepareStatement("select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = ?")) {
			statement.setString(1, APPLICATION_NAME);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				assertThat(result.getInt(1)).isEqualTo(2);
			}
		}
	}

}
