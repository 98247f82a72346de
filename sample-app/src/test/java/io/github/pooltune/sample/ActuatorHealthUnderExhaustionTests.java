package io.github.pooltune.sample;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

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
 * {@code /actuator/health}, the URL load balancers and Kubernetes probes call, answers at
 * once while every connection is in use and threads wait for one, with {@code db} and
 * {@code pool} UP: Spring Boot's own {@code db} indicator would queue behind the waiting
 * threads for the 30 s pool timeout.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.embedded-database=false", "db.pool-size=1", "db.max-overflow=1", "db.pool-timeout=30" })
@DirtiesContext
class ActuatorHealthUnderExhaustionTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SampleDatabase.register(registry);
	}

	@LocalServerPort
	private int port;

	@Autowired
	private HikariDataSource dataSource;

	@Test
	void answersAtOnceWithDbAndPoolUpWhileThreadsWait() throws Exception {
		SampleHttp http = new SampleHttp(this.port);
		assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
		ExecutorService waiters = Executors.newFixedThreadPool(3);
		try (Connection first = this.dataSource.getConnection();
				Connection second = this.dataSource.getConnection()) {
			for (int i = 0; i < 3; i++) {
				waiters.submit(() -> http.roles("demo-key-0001"));
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (this.dataSource.getHikariPoolMXBean().getThreadsAwaitingConnection() < 3) {
				assertThat(System.nanoTime()).as("three requests waiting for a connection").isLessThan(deadline);
				Thread.sleep(10);
			}
			long start = System.nanoTime();
			HttpResponse<String> response = http.get("/actuator/health");
			long millis = (System.nanoTime() - start) / 1_000_000;
			assertThat(millis).isLessThan(1_000);
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode components = SampleHttp.json(response).get("components");
			assertThat(components.get("db").get("status").asString()).isEqualTo("UP");
			assertThat(components.get("db").get("details").get("answeredFrom").asString())
				.isEqualTo("the pool's state: all 2 connections are in use (3 threads waiting), so none was borrowed");
			assertThat(components.get("pool").get("status").asString()).isEqualTo("UP");
			assertThat(components.get("pool").get("details").get("waiting").asInt()).isEqualTo(3);
		}
		finally {
			waiters.shutdown();
			assertThat(waiters.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
	}

}
