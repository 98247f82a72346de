package io.github.pooltune.sample;

import java.io.IOException;
import java.util.Map;

import io.github.pooltune.test.RestartablePostgres;
import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real PostgreSQL restart: the sample runs on a server of this test's own (not the
 * fixture's, which other tests and builds share), stopped with {@code pg_ctl stop -m fast}
 * and started again on the same port and data.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "sample.embedded-database=false",
		"db.pool-size=5", "db.max-overflow=5", "db.pool-timeout=2", "db.connect-timeout=1", "db.socket-timeout=5" })
@DirtiesContext
class DatabaseRestartTests extends DatabaseAwayScenario {

	private static RestartablePostgres server;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws IOException {
		server = RestartablePostgres.start(Map.of());
		registry.add("spring.datasource.url", () -> server.jdbcUrl("postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Override
	void goAway() throws IOException {
		server.stop();
	}

	@Override
	void comeBack() throws IOException {
		server.start();
	}

	@Override
	String fault() {
		return "Database restart (pg_ctl stop -m fast, then start)";
	}

}
