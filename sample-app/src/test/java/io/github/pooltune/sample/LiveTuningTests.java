package io.github.pooltune.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
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
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /actuator/pooltune/{pool}} on the running sample, with the endpoint's access
 * unrestricted: the pool grows and shrinks as HikariCP counts it and as
 * {@code hikaricp_connections_max} shows, the endpoint then shows the new values with
 * source {@code runtime}, and a value out of range, one beyond the fleet's budget or one
 * that needs a restart is answered 400 naming it.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.embedded-database=false", "db.pool-size=2", "db.max-overflow=1", "db.pool-timeout=1",
				"db.instances=40", "management.endpoint.pooltune.access=unrestricted" })
@DirtiesContext
class LiveTuningTests {

	static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SampleDatabase.register(registry);
	}

	@LocalServerPort
	private int port;

	@Autowired
	private HikariDataSource dataSource;

	@Test
	void growsAndShrinksThePoolItRuns() throws Exception {
		HttpResponse<String> grown = post(this.port, "/actuator/pooltune/dataSource", "{\"maxOverflow\": 4}");
		assertThat(grown.statusCode()).isEqualTo(200);
		JsonNode change = SampleHttp.json(grown).get("changes").get(0);
		assertThat(change.get("setting").asString()).isEqualTo("maxOverflow");
		assertThat(change.get("from").asString()).isEqualTo("1");
		assertThat(change.get("to").asString()).isEqualTo("4");
		assertThat(SampleHttp.json(grown).get("hikari").get("maximumPoolSize").asInt()).isEqualTo(6);
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		List<Connection> held = new ArrayList<>();
		try {
			for (int i = 0; i < 6; i++) {
				held.add(this.dataSource.getConnection());
			}
			assertThat(pool.getTotalConnections()).isEqualTo(6);
			assertThat(pool.getActiveConnections()).isEqualTo(6);
			await().atMost(Duration.ofSeconds(10)).until(() -> scrape().contains("hikaricp_connections_max{pool=\"dataSource\"} 6.0"));
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
		JsonNode tuning = get("/actuator/pooltune").get("tuning").get("dataSource").get("settings");
		assertThat(tuning.get("max-overflow").get("value").asString()).isEqualTo("4");
		assertThat(tuning.get("max-overflow").get("source").asString()).isEqualTo("runtime");
		assertThat(tuning.get("pool-size").get("source").asString()).isEqualTo("Inlined Test Properties");

		HttpResponse<String> shrunk = post(this.port, "/actuator/pooltune/dataSource",
				"{\"poolSize\": 1, \"maxOverflow\": \"0\"}");
		assertThat(shrunk.statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> pool.getTotalConnections() == 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> scrape().contains("hikaricp_connections_max{pool=\"dataSource\"} 1.0"));
		assertThat(get("/health").get("database").get("pool_size").asInt()).isEqualTo(1);
	}

	@Test
	void refusesWithA400NamingTheSettingTheValueAndTheLimit() throws Exception {
		HttpResponse<String> outOfRange = post(this.port, "/actuator/pooltune/dataSource", "{\"maxOverflow\": 200}");
		assertThat(outOfRange.statusCode()).isEqualTo(400);
		JsonNode refused = SampleHttp.json(outOfRange).get("refused").get(0);
		assertThat(refused.get("setting").asString()).isEqualTo("maxOverflow");
		assertThat(refused.get("value").asString()).isEqualTo("200");
		assertThat(refused.get("limit").asString()).isEqualTo("a whole number from 0 to 100");

		HttpResponse<String> beyondBudget = post(this.port, "/actuator/pooltune/dataSource", "{\"maxOverflow\": 100}");
		assertThat(beyondBudget.statusCode()).isEqualTo(400);
		assertThat(SampleHttp.json(beyondBudget).get("refused").get(0).get("limit").asString())
			.startsWith("the fleet budget: 40 instances × (");

		HttpResponse<String> restart = post(this.port, "/actuator/pooltune/dataSource",
				"{\"poolTimeout\": \"5s\", \"poolPrePing\": false}");
		assertThat(restart.statusCode()).isEqualTo(400);
		assertThat(SampleHttp.json(restart).get("refused").get(0).get("setting").asString()).isEqualTo("poolPrePing");
		assertThat(SampleHttp.json(restart).get("refused").get(0).get("limit").asString()).startsWith("needs a restart");

		assertThat(post(this.port, "/actuator/pooltune/nowhere", "{\"poolSize\": 3}").statusCode()).isEqualTo(404);
		assertThat(this.dataSource.getConnectionTimeout()).isEqualTo(1000);
		assertThat(get("/actuator/pooltune").get("tuning").get("dataSource").get("settings").get("pool-timeout")
			.get("source")
			.asString()).isEqualTo("Inlined Test Properties");
	}

	static HttpResponse<String> post(int port, String path, String json) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = new SampleHttp(this.port).get(path);
		assertThat(response.statusCode()).isEqualTo(200);
		return SampleHttp.json(response);
	}

	private String scrape() throws Exception {
		return new SampleHttp(this.port).get("/actuator/prometheus").body();
	}

}
