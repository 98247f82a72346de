package io.github.pooltune.sample;

import java.net.http.HttpResponse;
import java.sql.Connection;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With every connection of a two-connection pool in use, the sample answers 503 with
 * {@code Retry-After} and a short JSON body after the pool timeout, {@code /health} still
 * answers at once, and the next request after the connections come back succeeds. (Two,
 * not one: Flyway holds two connections at once while it migrates at start-up.)
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.embedded-database=false", "db.pool-size=1", "db.max-overflow=1", "db.pool-timeout=1" })
@DirtiesContext
class PoolExhaustedTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SampleDatabase.register(registry);
	}

	@LocalServerPort
	private int port;

	@Autowired
	private HikariDataSource dataSource;

	@Test
	void rolesAnswers503WithRetryAfterWhileEveryConnectionIsInUse() throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		try (Connection first = this.dataSource.getConnection();
				Connection second = this.dataSource.getConnection()) {
			HttpResponse<String> response = http.roles("demo-key-0001");
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(response.body()).isEqualTo("{\"error\":\"database unavailable\",\"reason\":\"pool exhausted\"}");
			SampleHttp.assertNoInternals(response);
		}
		assertThat(http.roles("demo-key-0001").statusCode()).isEqualTo(200);
	}

	@Test
	void healthAnswersAtOnceWhileEveryConnectionIsInUse() throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		try (Connection first = this.dataSource.getConnection();
				Connection second = this.dataSource.getConnection()) {
			long start = System.nanoTime();
			HttpResponse<String> response = http.get("/health");
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(millis).isLessThan(1_000);
			JsonNode body = SampleHttp.json(response);
			assertThat(body.get("status").asString()).isEqualTo("healthy");
			JsonNode database = body.get("database");
			assertThat(database.get("pool_size").asInt()).isEqualTo(1);
			assertThat(database.get("checked_out").asInt()).isEqualTo(2);
			assertThat(database.get("available").asInt()).isZero();
			assertThat(database.get("overflow").asInt()).isEqualTo(1);
			assertThat(database.get("total_connections").asInt()).isEqualTo(2);
		}
	}

}
