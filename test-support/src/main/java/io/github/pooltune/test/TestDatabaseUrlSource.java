package io.github.pooltune.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * {@code TEST_DATABASE_URL}: the user's choice, so a server that does not answer fails
 * the run rather than quietly falling through to another source.
 *
 * @author pooltune
 */
final class TestDatabaseUrlSource implements PostgresSource {

	static final String VARIABLE = "TEST_DATABASE_URL";

	@Override
	public String name() {
		return VARIABLE;
	}

	@Override
	public PostgresServer start(Map<String, String> environment) throws Unavailable {
		String url = environment.get(VARIABLE);
		if (url == null || url.isBlank()) {
			throw new Unavailable("not set");
		}
		PostgresServer server = ServerUrl.parse(url, VARIABLE);
		try (Connection connection = server.connectToMaintenanceDatabase()) {
			return server;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(VARIABLE + " is set, but " + server.host() + ":" + server.port()
					+ " does not accept user " + server.username() + ": " + ex.getMessage(), ex);
		}
	}

}
