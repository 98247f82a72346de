package io.github.pooltune.sample;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import io.github.pooltune.test.TestDatabase;
import io.github.pooltune.test.TestRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

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
 * The sample's role has a {@code CONNECTION LIMIT} of 3 on the real server, and its pool
 * may open 2 + 2: the capacity check flags it; when other sessions of the role take the
 * slots left, the request that needs one more connection answers 503 (never 500), the log
 * says which limit refused it, and the pool recovers by itself once slots free up.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.embedded-database=false", "db.pool-size=2", "db.max-overflow=2", "db.pool-timeout=2",
				// Migrated below as the fixture's user: the role may only read api_keys.
				"spring.flyway.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class RoleConnectionLimitTests {

	private static final int ROLE_LIMIT = 3;

	private static final TestDatabase database = TestDatabase.get();

	private static final Backends backends = Backends.named(database, "pooltune-role-limit");

	private static TestRole role;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws SQLException {
		role = SampleRole.create(database, "connection limit " + ROLE_LIMIT);
		registry.add("spring.datasource.url", () -> backends.jdbcUrl(database.jdbcUrl()));
		registry.add("spring.datasource.username", role::name);
		registry.add("spring.datasource.password", role::password);
	}

	@LocalServerPort
	private int port;

	@Test
	void theCapacityCheckFlagsTheRoleLimit() throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		JsonNode problems = null;
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while ((problems == null || problems.isEmpty()) && System.nanoTime() < deadline) {
			JsonNode capacity = SampleHttp.json(http.get("/actuator/pooltune")).get("capacity").get("dataSource");
			problems = (capacity != null) ? capacity.get("problems") : null;
			Thread.sleep(100);
		}
		assertThat(problems).isNotNull();
		System.out.println("Role CONNECTION LIMIT: the capacity check says " + problems);
		assertThat(problems.toString()).contains("= 4 > 3, the CONNECTION LIMIT of role " + role.name())
			.contains("lower DB_MAX_OVERFLOW to 1 or ALTER ROLE " + role.name() + " CONNECTION LIMIT 4");
	}

	@Test
	void requestsAnswer503WhileTheRoleHasNoSlotLeftAndThePoolRecoversWhenSlotsFreeUp(CapturedOutput output)
			throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		assertThat(http.roles("demo-key-0001").statusCode()).isEqualTo(200);
		assertThat(backends.await((count) -> count == 2, Duration.ofSeconds(30))).isEqualTo(2);

		// Another session of the role takes the last slot: the pool keeps its 2, cannot open a 3rd.
		try (Slots other = Slots.take(RoleConnectionLimitTests::connectAsRole, 1)) {
			List<Integer> statuses = Slots.concurrently(http, 3, "/api/slow?ms=3000");
			System.out.println("Role CONNECTION LIMIT reached, 3 requests needing 3 connections: " + statuses);
			assertThat(statuses).containsExactlyInAnyOrder(200, 200, 503);
		}
		assertThat(Slots.concurrently(http, 3, "/api/slow?ms=1000")).containsOnly(200);

		// Every slot taken while the pool's backends are terminated: the pool holds none and cannot open one.
		backends.terminateAll();
		try (Slots other = Slots.take(RoleConnectionLimitTests::connectAsRole, ROLE_LIMIT)) {
			assertThat(http.roles("demo-key-0001").statusCode()).isEqualTo(503);
			assertThat(awaitPoolStatus(http, "DOWN", Duration.ofSeconds(10))).isEqualTo("DOWN");
			assertThat(http.roles("demo-key-0001").statusCode()).isEqualTo(503);
		}
		long freedAt = System.nanoTime();
		assertThat(awaitPoolStatus(http, "UP", Duration.ofSeconds(15))).isEqualTo("UP");
		System.out.printf("Role CONNECTION LIMIT: pool UP again %d ms after the slots were freed%n",
				(System.nanoTime() - freedAt) / 1_000_000);
		assertThat(http.roles("demo-key-0001").statusCode()).isEqualTo(200);

		String limit = "too many connections for role \"" + role.name() + "\"";
		List<String> lines = output.getOut()
			.lines()
			.filter((line) -> line.contains(limit) && line.contains(" WARN "))
			.toList();
		System.out.println("Role CONNECTION LIMIT: what the log says now (" + lines.size() + " lines), e.g.:");
		lines.stream().map((line) -> line.replaceFirst("^.*? WARN ", "  WARN ")).distinct().limit(3)
			.forEach(System.out::println);
		// HikariCP logs the server's refusal at DEBUG only; pooltune's connection-failure WARN names
		// the limit and the settings to change, and the sample's 503 line carries the refusal.
		assertThat(output.getOut()).contains("cannot open connections: FATAL: " + limit
				+ " (53300): the server has no connection slot left for this role and database")
			.contains("answered 503 (pool exhausted): FATAL: " + limit)
			.contains("answered 503 (database unreachable)");
	}

	/** Requests make the pool try again; polls pooltune's pool health. */
	static String awaitPoolStatus(SampleHttp http, String expected, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		String status = SampleHttp.json(http.get("/actuator/health/pool")).get("status").asString();
		while (!expected.equals(status) && System.nanoTime() < deadline) {
			http.roles("demo-key-0001");
			Thread.sleep(100);
			status = SampleHttp.json(http.get("/actuator/health/pool")).get("status").asString();
		}
		return status;
	}

	private static Connection connectAsRole() throws SQLException {
		return DriverManager.getConnection(database.jdbcUrl(), role.name(), role.password());
	}

}
