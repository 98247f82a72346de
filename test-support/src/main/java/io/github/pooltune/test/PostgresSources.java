package io.github.pooltune.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries the sources in order and returns the first server found, logging why each
 * earlier one was passed over; fails with every reason and what to do when none works.
 *
 * @author pooltune
 */
final class PostgresSources {

	private static final Logger logger = LoggerFactory.getLogger(PostgresSources.class);

	static final List<PostgresSource> DEFAULT_ORDER = List.of(new TestDatabaseUrlSource(), new TestcontainersSource(),
			new LocalServerSource(), new EmbeddedSource());

	private PostgresSources() {
	}

	static PostgresServer first(List<PostgresSource> sources, Map<String, String> environment) {
		List<String> reasons = new ArrayList<>();
		for (PostgresSource source : sources) {
			try {
				return source.start(environment);
			}
			catch (PostgresSource.Unavailable ex) {
				logger.info("PostgreSQL for tests: {} not used: {}", source.name(), ex.getMessage());
				reasons.add(source.name() + ": " + ex.getMessage());
			}
		}
		throw new IllegalStateException("No PostgreSQL for the tests. Tried:\n  " + String.join("\n  ", reasons)
				+ "\nDo one of: set TEST_DATABASE_URL=postgresql://user:password@host:5432/postgres (a user that may "
				+ "create databases); start Docker; or start a PostgreSQL on localhost:5432 with user postgres and "
				+ "password postgres (or set PGUSER and PGPASSWORD), e.g. with .ci/start-postgres.");
	}

}
