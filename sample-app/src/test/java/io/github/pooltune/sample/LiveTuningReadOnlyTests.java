package io.github.pooltune.sample;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code management.endpoint.pooltune.access=read-only} the endpoint still answers
 * {@code GET}, and Spring Boot maps no {@code POST}: the pool stays as it is.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.embedded-database=false", "db.pool-size=2", "db.max-overflow=1",
				"management.endpoint.pooltune.access=read-only" })
@DirtiesContext
class LiveTuningReadOnlyTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SampleDatabase.register(registry);
	}

	@LocalServerPort
	private int port;

	@Autowired
	private HikariDataSource dataSource;

	@Test
	void refusesTheWriteWhileTheEndpointReads() throws Exception {
		assertThat(LiveTuningTests.post(this.port, "/actuator/pooltune/dataSource", "{\"maxOverflow\": 4}")
			.statusCode()).isEqualTo(405);
		assertThat(this.dataSource.getMaximumPoolSize()).isEqualTo(3);
		assertThat(new SampleHttp(this.port).get("/actuator/pooltune").statusCode()).isEqualTo(200);
	}

}
