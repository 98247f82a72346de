package io.github.pooltune.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app on the shared test database: settings from its application.yml reach
 * the pool and show on {@code /actuator/pooltune}.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase database = TestDatabase.get();
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
	}

	@LocalServerPort
	private int port;

	@Test
	void slowHoldsOneConnectionForTheGivenTime() throws Exception {
		JsonNode body = get("/api/slow?ms=50");
		assertThat(body.get("slept_ms").asInt()).isEqualTo(50);
		assertThat(body.get("backend_pid").asInt()).isPositive();
	}

	@Test
	void pooltuneEndpointShowsTheSeedPoolFromApplicationYml() throws Exception {
		JsonNode body = get("/actuator/pooltune");
		JsonNode poolSize = body.get("settings").get("values").get("pool-size");
		assertThat(poolSize.get("value").asString()).isEqualTo("20");
		assertThat(poolSize.get("source").asString()).isEqualTo("application.yml");
		assertThat(body.get("settings").get("values").get("max-overflow").get("value").asString()).isEqualTo("30");
		JsonNode hikari = body.get("hikari").get("dataSource");
		assertThat(hikari.get("maximumPoolSize").asInt()).isEqualTo(50);
		assertThat(hikari.get("minimumIdle").asInt()).isEqualTo(20);
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return JsonMapper.builder().build().readTree(response.body());
	}

}
