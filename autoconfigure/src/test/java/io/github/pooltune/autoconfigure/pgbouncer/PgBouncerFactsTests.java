package io.github.pooltune.autoconfigure.pgbouncer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

import io.github.pooltune.test.PgBouncer;
import io.github.pooltune.test.PgBouncer.PoolMode;
import io.github.pooltune.test.RequiresProgram;
import io.github.pooltune.test.RequiresProgram.Program;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the design and docs/pgbouncer.md rely on, measured against a real PgBouncer in
 * transaction pooling mode: which start-up parameters of the driver it takes, what
 * betrays it on one connection and what does not.
 *
 * @author pooltune
 */
@RequiresProgram(Program.PGBOUNCER)
class PgBouncerFactsTests {

	private static final TestDatabase database = TestDatabase.get();

	private static PgBouncer pgbouncer;

	@BeforeAll
	static void startPgBouncer() {
		pgbouncer = PgBouncer.inFrontOf(database).poolMode(PoolMode.TRANSACTION).start();
	}

	@AfterAll
	static void stopPgBouncer() {
		if (pgbouncer != null) {
			pgbouncer.close();
		}
	}

	@Test
	void theDriversStartUpParametersNeedNoIgnoreStartupParameters() throws SQLException {
		try (Connection connection = connect(pgbouncer, "?prepareThreshold=0")) {
			assertThat(query(connection, "select current_setting('application_name')"))
				.isEqualTo("PostgreSQL JDBC Driver");
		}
		// With assumeMinServerVersion the driver sends application_name in the start-up packet; PgBouncer tracks it.
		try (Connection connection = connect(pgbouncer,
				"?prepareThreshold=0&assumeMinServerVersion=12&ApplicationName=orders-api")) {
			assertThat(query(connection, "select current_setting('application_name')")).isEqualTo("orders-api");
		}
	}

	@Test
	void optionsIsRefusedAndIfIgnoredItsSettingsAreLost() throws SQLException {
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> connect(pgbouncer, "?options=-c%20statement_timeout%3D1000").close())
			.withMessageContaining("unsupported startup parameter: options");
		try (PgBouncer ignoring = PgBouncer.inFrontOf(database).poolMode(PoolMode.TRANSACTION)
			.setting("ignore_startup_parameters", "options")
			.start(); Connection connection = connect(ignoring, "?options=-c%20statement_timeout%3D1000")) {
			assertThat(query(connection, "show statement_timeout")).isEqualTo("0");
		}
	}

	@Test
	void showPoolModeIsForTheAdminConsoleOnly() throws SQLException {
		try (Connection connection = connect(pgbouncer, "?prepareThreshold=0")) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> query(connection, "show pool_mode"))
				.withMessageContaining("unrecognized configuration parameter \"pool_mode\"");
		}
	}

	@Test
	void theCancelKeyBetraysThePoolerOnOneConnection() throws SQLException {
		try (Connection through = connect(pgbouncer, "?prepareThreshold=0");
				Connection direct = DriverManager.getConnection(database.jdbcUrl(), database.username(),
						database.password())) {
			assertThat(through.unwrap(PGConnection.class).getBackendPID())
				.isNotEqualTo(Integer.parseInt(query(through, "select pg_backend_pid()")));
			assertThat(direct.unwrap(PGConnection.class).getBackendPID())
				.isEqualTo(Integer.parseInt(query(direct, "select pg_backend_pid()")));
		}
	}

	@Test
	void aClientAloneKeepsItsServerSoThePidDoesNotBetrayTransactionPooling() throws SQLException {
		try (Connection connection = connect(pgbouncer, "?prepareThreshold=0")) {
			Set<String> servers = new HashSet<>();
			for (int transaction = 0; transaction < 20; transaction++) {
				servers.add(query(connection, "select pg_backend_pid()"));
			}
			assertThat(servers).hasSize(1);
		}
	}

	@Test
	void theServerSeesItsOwnPortNotPgBouncers() throws SQLException {
		try (Connection connection = connect(pgbouncer, "?prepareThreshold=0")) {
			assertThat(query(connection, "select inet_server_port()")).isEqualTo(String.valueOf(database.port()))
				.isNotEqualTo(String.valueOf(pgbouncer.port()));
		}
	}

	@Test
	void aSessionSettingOutsideATransactionReachesTheNextClient() throws SQLException {
		try (Connection first = connect(pgbouncer, "?prepareThreshold=0");
				Connection second = connect(pgbouncer, "?prepareThreshold=0")) {
			try (Statement statement = first.createStatement()) {
				statement.execute("set search_path = pooltune_elsewhere");
			}
			assertThat(query(second, "show search_path")).isEqualTo("pooltune_elsewhere");
			try (Statement statement = second.createStatement()) {
				statement.execute("reset search_path");
			}
		}
	}

	private static Connection connect(PgBouncer pgbouncer, String parameters) throws SQLException {
		return DriverManager.getConnection(pgbouncer.jdbcUrl() + parameters, database.username(),
				database.password());
	}

	private static String query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

}
