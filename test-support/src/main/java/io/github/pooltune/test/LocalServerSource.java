package io.github.pooltune.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * A PostgreSQL server on localhost:5432, logged into as {@code PGUSER}/{@code PGPASSWORD}
 * ({@code postgres}/{@code postgres} by default).
 *
 * @author pooltune
 */
final class LocalServerSource implements PostgresSource {

	private static final int CONNECT_TIMEOUT_MILLIS = 500;

	private final String host;

	private final int port;

	LocalServerSource() {
		this("localhost", 5432);
	}

	LocalServerSource(String host, int port) {
		this.host = host;
		this.port = port;
	}

	@Override
	public String name() {
		return this.host + ":" + this.port;
	}

	@Override
	public PostgresServer start(Map<String, String> environment) throws Unavailable {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.host, this.port), CONNECT_TIMEOUT_MILLIS);
		}
		catch (IOException ex) {
			throw new Unavailable("nothing answers", ex);
		}
		String username = environment.getOrDefault("PGUSER", "postgres");
		String password = environment.getOrDefault("PGPASSWORD", "postgres");
		PostgresServer server = new PostgresServer(name(), this.host, this.port, username, password, "postgres",
				() -> {
				});
		try (Connection connection = server.connectToMaintenanceDatabase()) {
			return server;
		}
		catch (SQLException ex) {
			throw new Unavailable("it answers, but not to user " + username
					+ " with the given password (set PGUSER and PGPASSWORD, or run .ci/start-postgres)", ex);
		}
	}

}
