package io.github.pooltune.sample;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.github.pooltune.test.TestDatabase;
import io.github.pooltune.test.TestRole;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the database stops letting the sample in (its role loses LOGIN and its backends
 * are terminated on the real server), {@code /api/roles} answers 503 with
 * {@code Retry-After} and a short JSON body, {@code /health} turns unhealthy, and both
 * recover once the role may log in again.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "sample.embedded-database=false",
		"db.pool-size=1", "db.max-overflow=0", "db.pool-timeout=1",
		// Migrated as the fixture's user (SampleRole): Flyway would need two connections,
		// and the app's role may only read api_keys.
		"spring.flyway.enabled=false" })
@DirtiesContext
class DatabaseDownTests {

	private static final TestDatabase database = TestDatabase.get();

	private static TestRole role;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws SQLException {
		role = SampleRole.create(database, "");
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", role::name);
		registry.add("spring.datasource.password", role::password);
	}

	@LocalServerPort
	private int port;

	@Test
	void rolesAnswers503AndHealthTurnsUnhealthyWhileTheDatabaseRefusesTheApp() throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		assertThat(http.roles("demo-key-0002").statusCode()).isEqualTo(200);
		try {
			admin("alter role " + role.name() + " nologin");
			admin("select pg_terminate_backend(pid) from pg_stat_activity where usename = '" + role.name() + "'");
			// Usually the query runs on the pool's only connection, which the server has closed (57P01).
			assertDatabaseUnreachable(http.roles("demo-key-0002"));
			// Now the pool holds no connection and cannot open one: HikariCP's pool timeout.
			assertDatabaseUnreachable(http.roles("demo-key-0002"));
			HttpResponse<String> health = awaitHealth(http, 503, "unhealthy");
			assertThat(SampleHttp.json(health).get("database").get("total_connections").asInt()).isZero();
		}
		finally {
			admin("alter role " + role.name() + " login");
		}
		awaitHealth(http, 200, "healthy");
		assertThat(http.roles("demo-key-0002").statusCode()).isEqualTo(200);
	}

	private static void assertDatabaseUnreachable(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(response.body())
			.isEqualTo("{\"error\":\"database unavailable\",\"reason\":\"database unreachable\"}");
		SampleHttp.assertNoInternals(response);
	}

	/** Requests make the pool open connections again once it can. */
	private static HttpResponse<String> awaitHealth(SampleHttp http, int status, String text) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		HttpResponse<String> health = http.get("/health");
		while (!hasHealth(health, status, text) && System.nanoTime() < deadline) {
			http.roles("demo-key-0002");
			Thread.sleep(200);
			health = http.get("/health");
		}
		assertThat(health.statusCode()).isEqualTo(status);
		JsonNode body = SampleHttp.json(health);
		assertThat(body.get("status").asString()).isEqualTo(text);
		return health;
	}

	private static boolean hasHealth(HttpResponse<String> health, int status, String text) {
		return health.statusCode() == status && SampleHttp.json(health).get("status").asString().equals(text);
	}

	private static void admin(String sql) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
