package io.github.pooltune.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL started from the binaries zonky publishes on Maven Central; needs no
 * installation and no Docker. zonky's server trusts every connection; this one then asks
 * for passwords over TCP, as servers in the field do, so that tests of rejected and
 * rotated credentials mean the same here as against any other server.
 *
 * @author pooltune
 */
final class EmbeddedSource implements PostgresSource {

	static final String PASSWORD = "postgres";

	private static final String HBA = """
			local all all trust
			host all all 127.0.0.1/32 scram-sha-256
			host all all ::1/128 scram-sha-256
			""";

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
		try {
			requirePasswords(postgres);
		}
		catch (IOException | SQLException | RuntimeException ex) {
			close(postgres);
			throw new Unavailable("the embedded PostgreSQL did not take a password", ex);
		}
		return new PostgresServer(name(), "localhost", postgres.getPort(), "postgres", PASSWORD, "postgres", () -> {
			try {
				postgres.close();
			}
			catch (IOException ex) {
				// Stopping at JVM exit; nothing more to do.
			}
		});
	}

	/** Gives {@code postgres} a password and asks for it on TCP connections from now on. */
	private static void requirePasswords(EmbeddedPostgres postgres) throws IOException, SQLException {
		String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("alter role postgres password '" + PASSWORD + "'");
			Path hba;
			try (ResultSet result = statement.executeQuery("show hba_file")) {
				result.next();
				hba = Path.of(result.getString(1));
			}
			Files.writeString(hba, HBA);
			statement.execute("select pg_reload_conf()");
		}
		// The server rereads pg_hba.conf on its own time: wait until it refuses a wrong password.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			try (Connection accepted = DriverManager.getConnection(url, "postgres", "not-the-password")) {
				sleep();
			}
			catch (SQLException refused) {
				return;
			}
		}
		throw new IllegalStateException("The embedded PostgreSQL still accepts any password after a reload");
	}

	private static void sleep() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void close(EmbeddedPostgres postgres) {
		try {
			postgres.close();
		}
		catch (IOException ex) {
			// It did not start properly either.
		}
	}

}
