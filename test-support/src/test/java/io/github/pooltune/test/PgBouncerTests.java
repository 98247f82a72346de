package io.github.pooltune.test;

import java.io.IOException;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.github.pooltune.test.PgBouncer.PoolMode;
import io.github.pooltune.test.RequiresProgram.Program;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The PgBouncer fixture: a real PgBouncer in the mode asked for, in front of the test
 * database's server, gone again after {@code close()}.
 *
 * @author pooltune
 */
@RequiresProgram(Program.PGBOUNCER)
class PgBouncerTests {

	private static final TestDatabase database = TestDatabase.get();

	@Test
	void poolsTheTestDatabaseInTransactionMode() throws SQLException {
		try (PgBouncer pgbouncer = PgBouncer.inFrontOf(database).poolMode(PoolMode.TRANSACTION).start();
				Connection first = connect(pgbouncer); Connection second = connect(pgbouncer)) {
			assertThat(query(first, "select current_database()")).isEqualTo(database.databaseName());
			// Between transactions the server connection goes back to PgBouncer, for any client to use.
			assertThat(query(second, "select pg_backend_pid()")).isEqualTo(query(first, "select pg_backend_pid()"));
			assertThat(pgbouncer.log()).contains("listening on");
		}
	}

	@Test
	void poolsInSessionModeWhenAsked() throws SQLException {
		try (PgBouncer pgbouncer = PgBouncer.inFrontOf(database).poolMode(PoolMode.SESSION).start();
				Connection first = connect(pgbouncer); Connection second = connect(pgbouncer)) {
			assertThat(query(second, "select pg_backend_pid()")).isNotEqualTo(query(first, "select pg_backend_pid()"));
		}
	}

	@Test
	void closeStopsIt() {
		PgBouncer pgbouncer = PgBouncer.inFrontOf(database).poolMode(PoolMode.SESSION).start();
		int port = pgbouncer.port();
		pgbouncer.close();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> new Socket(pgbouncer.host(), port).close());
	}

	@Test
	void aConfigurationPgBouncerRejectsFailsTheStartWithItsLog() {
		assertThatIllegalStateException()
			.isThrownBy(() -> PgBouncer.inFrontOf(database).setting("pool_mode_typo", "x").start())
			.withMessageContaining("PgBouncer exited at start-up")
			.withMessageContaining("pool_mode_typo");
	}

	private static Connection connect(PgBouncer pgbouncer) throws SQLException {
		return DriverManager.getConnection(pgbouncer.jdbcUrl(), database.username(), database.password());
	}

	private static String query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

}
