package io.github.pooltune.test;

import java.io.IOException;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL started from the binaries zonky publishes on Maven Central; needs no
 * installation and no Docker.
 *
 * @author pooltune
 */
final class EmbeddedSource implements PostgresSource {

	@Override
	public String name() {
		return "embedded";
	}

	@Override
	public PostgresServer start(Map<String, String> environment) throws Unavailable {
		EmbeddedPostgres postgres;
		try {
			postgres = EmbeddedPostgres.builder().start();
		}
		catch (IOException | RuntimeException ex) {
			throw new Unavailable("the embedded PostgreSQL did not start", ex);
		}
		return new PostgresServer(name(), "localhost", postgres.getPort(), "postgres", "", "postgres", () -> {
			try {
				postgres.close();
			}
			catch (IOException ex) {
				// Stopping at JVM exit; nothing more to do.
			}
		});
	}

}
