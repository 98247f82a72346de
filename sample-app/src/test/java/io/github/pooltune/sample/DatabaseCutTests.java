package io.github.pooltune.sample;

import java.io.IOException;

import io.github.pooltune.test.TcpRelay;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample reaches the fixture's PostgreSQL through a {@link TcpRelay}; the relay cuts
 * every connection and refuses new ones, as a database that went away, then listens
 * again.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "sample.embedded-database=false",
		"db.pool-size=5", "db.max-overflow=5", "db.pool-timeout=2", "db.connect-timeout=1", "db.socket-timeout=5" })
@DirtiesContext
class DatabaseCutTests extends DatabaseAwayScenario {

	private static TcpRelay relay;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws IOException {
		TestDatabase database = TestDatabase.get();
		relay = TcpRelay.inFrontOf(database);
		SampleDatabase.register(registry, () -> relay.jdbcUrl(database.databaseName()));
	}

	@AfterAll
	static void closeRelay() {
		relay.close();
	}

	@Override
	void goAway() {
		relay.cut();
	}

	@Override
	void comeBack() throws IOException {
		relay.restore();
	}

	@Override
	String fault() {
		return "Database cut (relay closes every connection, refuses new ones)";
	}

}
