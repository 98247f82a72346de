package io.github.pooltune.sample;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app on the shared test database: its endpoints answer as the auth-service
 * guide's do, and settings from its application.yml reach the pool and show on
 * {@code /actuator/pooltune}.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.embedded-database=false")
class SampleApplicationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SampleDatabase.register(registry);
	}

	@LocalServerPort
	private int port;

	@Test
	void rolesOfAnOddDemoKeyIsReader() throws Exception {
		HttpResponse<String> response = http().roles("demo-key-0001");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"owner\":\"user1\",\"roles\":[\"reader\"]}");
	}

	@Test
	void rolesOfAnEvenDemoKeyIsReaderAndWriter() throws Exception {
		HttpResponse<String> response = http().roles("demo-key-1000");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"owner\":\"user1000\",\"roles\":[\"reader\",\"writer\"]}");
	}

	@Test
	void rolesOfAnUnknownKeyIs401() throws Exception {
		HttpResponse<String> response = http().roles("demo-key-1001");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
		assertThat(response.body()).isEqualTo("{\"error\":\"unauthorized\",\"reason\":\"unknown api key\"}");
	}

	@Test
	void rolesWithoutAuthorizationHeaderIs401() throws Exception {
		HttpResponse<String> response = http().get("/api/roles");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		assertThat(response.body())
			.isEqualTo("{\"error\":\"unauthorized\",\"reason\":\"missing or malformed bearer token\"}");
	}

	@Test
	void rolesWithAnotherSchemeOrAnEmptyTokenIs401() throws Exception {
		assertThat(http().get("/api/roles", "Authorization", "Basic ZGVtbzprZXk=").statusCode()).isEqualTo(401);
		assertThat(http().get("/api/roles", "Authorization", "Bearer ").statusCode()).isEqualTo(401);
		assertThat(http().get("/api/roles", "Authorization", "bearer demo-key-0002").statusCode()).isEqualTo(200);
	}

	@Test
	void healthIsTheAuthServiceGuidesJsonReadFromThePool() throws Exception {
		HttpResponse<String> response = http().get("/health");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = SampleHttp.json(response);
		assertThat(body.propertyNames()).containsExactly("status", "database");
		assertThat(body.get("status").asString()).isEqualTo("healthy");
		JsonNode database = body.get("database");
		assertThat(database.propertyNames()).containsExactly("pool_size", "checked_out", "available", "overflow",
				"total_connections");
		assertThat(database.get("pool_size").asInt()).isEqualTo(20);
		int total = database.get("total_connections").asInt();
		assertThat(total).isBetween(1, 50);
		assertThat(database.get("checked_out").asInt() + database.get("available").asInt()).isEqualTo(total);
		assertThat(database.get("overflow").asInt()).isEqualTo(Math.max(0, total - 20));
	}

	@Test
	void badRequestIsShortJsonWithoutInternals() throws Exception {
		HttpResponse<String> response = http().get("/api/slow?ms=abc");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"error\":\"bad request\"}");
		SampleHttp.assertNoInternals(response);
	}

	@Test
	void springBootErrorJsonCarriesNoMessage() throws Exception {
		HttpResponse<String> response = http().get("/api/nothing-here");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\"message\"").doesNotContain("trace");
	}

	@Test
	void prometheusEndpointShowsThePool() throws Exception {
		HttpResponse<String> response = http().get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("hikaricp_connections_max");
	}

	@Test
	void slowHoldsOneConnectionForTheGivenTime() throws Exception {
		JsonNode body = get("/api/slow?ms=50");
		assertThat(body.get("slept_ms").asInt()).isEqualTo(50);
		assertThat(body.get("backend_pid").asInt()).isPositive();
	}

	@Test
	void pooltuneEndpointShowsTheGatewayGuidesPoolFromApplicationYml() throws Exception {
		JsonNode body = get("/actuator/pooltune");
		JsonNode poolSize = body.get("settings").get("values").get("pool-size");
		assertThat(poolSize.get("value").asString()).isEqualTo("20");
		assertThat(poolSize.get("source").asString()).isEqualTo("application.yml");
		assertThat(body.get("settings").get("values").get("max-overflow").get("value").asString()).isEqualTo("30");
		JsonNode hikari = body.get("hikari").get("dataSource");
		assertThat(hikari.get("maximumPoolSize").asInt()).isEqualTo(50);
		assertThat(hikari.get("minimumIdle").asInt()).isEqualTo(20);
	}

	@Test
	void capacityPlanOverHttpTakesInstancesAndAnRdsInstanceClass() throws Exception {
		JsonNode plan = get("/actuator/pooltune/capacity?instances=3&instanceClass=db.t3.medium").get("db.t3.medium");
		assertThat(plan.get("maxConnections").asInt()).isEqualTo(334);
		assertThat(plan.get("budget").asInt()).isEqualTo(321);
		assertThat(plan.get("poolSize").asInt()).isEqualTo(20);
		assertThat(plan.get("maxOverflow").asInt()).isEqualTo(87);
		assertThat(plan.get("rdsFormulaMaxConnections").asInt()).isEqualTo(450);
		assertThat(plan.get("rdsPublishedMaxConnections").asInt()).isEqualTo(334);
		JsonNode live = get("/actuator/pooltune/capacity?instances=2").get("dataSource");
		assertThat(live.get("instances").asInt()).isEqualTo(2);
		assertThat(live.get("perInstance").asInt()).isEqualTo(live.get("budget").asInt() / 2);
		assertThat(http().get("/actuator/pooltune/capacity?instanceClass=db.nope").statusCode()).isEqualTo(400);
		assertThat(http().get("/actuator/pooltune/nothing").statusCode()).isEqualTo(404);
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = http().get(path);
		assertThat(response.statusCode()).isEqualTo(200);
		return SampleHttp.json(response);
	}

	private SampleHttp http() {
		return new SampleHttp(this.port);
	}

}
