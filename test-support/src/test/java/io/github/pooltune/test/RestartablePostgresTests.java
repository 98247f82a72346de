package io.github.pooltune.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The test's own server takes its settings, really stops (its connections die, new ones
 * are refused) and starts again on the same port with its data.
 *
 * @author pooltune
 */
class RestartablePostgresTests {

	@Test
	void stopsForRealAndStartsAgainWithItsData() throws Exception {
		try (RestartablePostgres server = RestartablePostgres.start(Map.of("max_connections", "12"))) {
			try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
				assertThat(single(statement, "show max_connections")).isEqualTo("12");
				statement.execute("create table kept (id int)");
				server.stop();
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> single(statement, "select 1"));
			}
			assertThatExceptionOfType(SQLException.class).isThrownBy(server::connect);
			server.start();
			try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
				assertThat(single(statement, "select count(*) from kept")).isEqualTo("0");
			}
		}
	}

	private static String single(Statement statement, String sql) throws SQLException {
		try (ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

}
