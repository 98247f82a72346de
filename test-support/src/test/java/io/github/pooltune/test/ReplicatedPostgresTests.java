package io.github.pooltune.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The two servers replicate for real: a row written on the primary is read on the
 * standby, which refuses writes; once the primary is stopped and the standby promoted,
 * the standby takes writes, and the multi-host URL leads to it.
 *
 * @author pooltune
 */
class ReplicatedPostgresTests {

	@Test
	void theStandbyReplicatesThePrimaryAndTakesWritesOncePromoted() throws Exception {
		try (ReplicatedPostgres servers = ReplicatedPostgres.start(Map.of("max_connections", "40"),
				Map.of("max_connections", "60"))) {
			try (Connection primary = servers.connectPrimary(); Statement statement = primary.createStatement()) {
				assertThat(single(statement, "select pg_is_in_recovery()")).isEqualTo("f");
				statement.execute("create table replicated (id int primary key, written_on int)");
				statement.execute("insert into replicated values (1, inet_server_port())");
			}
			assertThat(serverPort(servers.jdbcUrl("postgres"))).isEqualTo(servers.primaryPort());
			servers.awaitReplayed();
			try (Connection standby = servers.connectStandby(); Statement statement = standby.createStatement()) {
				assertThat(single(statement, "select pg_is_in_recovery()")).isEqualTo("t");
				assertThat(single(statement, "show max_connections")).isEqualTo("60");
				assertThat(single(statement, "select written_on from replicated where id = 1"))
					.isEqualTo(String.valueOf(servers.primaryPort()));
				assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> statement.execute("insert into replicated values (2, inet_server_port())"))
					.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("25006"));
			}

			servers.stopPrimary();
			assertThat(servers.isPrimaryRunning()).isFalse();
			assertThatExceptionOfType(SQLException.class).isThrownBy(servers::connectPrimary);
			servers.promoteStandby();

			try (Connection promoted = servers.connectStandby(); Statement statement = promoted.createStatement()) {
				assertThat(single(statement, "select pg_is_in_recovery()")).isEqualTo("f");
				statement.execute("insert into replicated values (2, inet_server_port())");
				assertThat(single(statement, "select count(*) from replicated")).isEqualTo("2");
			}
			assertThat(serverPort(servers.jdbcUrl("postgres"))).isEqualTo(servers.standbyPort());
		}
	}

	private static int serverPort(String jdbcUrl) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl + "&connectTimeout=5", "postgres", "");
				Statement statement = connection.createStatement()) {
			return Integer.parseInt(single(statement, "select inet_server_port()"));
		}
	}

	private static String single(Statement statement, String sql) throws SQLException {
		try (ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

}
