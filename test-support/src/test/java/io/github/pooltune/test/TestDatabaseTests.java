package io.github.pooltune.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixture against real servers: the one this JVM found, and the embedded one on its
 * own.
 *
 * @author pooltune
 */
class TestDatabaseTests {

	@Test
	void givesAFreshEmptyDatabase() throws SQLException {
		TestDatabase database = TestDatabase.get();
		assertThat(database.databaseName()).startsWith(FreshDatabase.PREFIX);
		assertThat(database.jdbcUrl()).endsWith("/" + database.databaseName());
		try (Connection connection = database.connect(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select current_database(), (select count(*) from "
						+ "information_schema.tables where table_schema = 'public')")) {
			result.next();
			assertThat(result.getString(1)).isEqualTo(database.databaseName());
			assertThat(result.getInt(2)).isZero();
		}
	}

	@Test
	void closeDropsTheDatabase() throws SQLException {
		TestDatabase shared = TestDatabase.get();
		PostgresServer server = new PostgresServer("test", shared.host(), shared.port(), shared.username(),
				shared.password(), "postgres", () -> {
				});
		TestDatabase second = TestDatabase.on(server);
		assertThat(exists(server, second.databaseName())).isTrue();
		second.close();
		assertThat(exists(server, second.databaseName())).isFalse();
	}

	@Test
	void createsLoginRolesThatCanUseTheDatabaseAndDropsThem() throws SQLException {
		TestDatabase shared = TestDatabase.get();
		PostgresServer server = new PostgresServer("test", shared.host(), shared.port(), shared.username(),
				shared.password(), "postgres", () -> {
				});
		TestDatabase database = TestDatabase.on(server);
		TestRole role = database.createRole("connection limit 2");
		try (Connection connection = java.sql.DriverManager.getConnection(database.jdbcUrl(), role.name(),
				role.password()); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select current_user, rolconnlimit from pg_roles "
						+ "where rolname = current_user")) {
			result.next();
			assertThat(result.getString(1)).isEqualTo(role.name());
			assertThat(result.getInt(2)).isEqualTo(2);
		}
		assertThat(database.databaseUrl(role)).contains(role.name() + ":" + role.password() + "@");
		database.close();
		try (Connection connection = server.connectToMaintenanceDatabase();
				PreparedStatement statement = connection
					.prepareStatement("select count(*) from pg_roles where rolname = ?")) {
			statement.setString(1, role.name());
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				assertThat(result.getInt(1)).isZero();
			}
		}
	}

	@Test
	void embeddedSourceStartsARealServerOfItsOwn() throws Exception {
		PostgresServer server = new EmbeddedSource().start(Map.of());
		TestDatabase database = TestDatabase.on(server);
		try (Connection connection = database.connect(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("show server_version")) {
			result.next();
			assertThat(result.getString(1)).startsWith("17.");
		}
		finally {
			database.close();
		}
	}

	private static boolean exists(PostgresServer server, String name) throws SQLException {
		try (Connection connection = server.connectToMaintenanceDatabase();
				PreparedStatement statement = connection
					.prepareStatement("select count(*) from pg_database where datname = ?")) {
			statement.setString(1, name);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1) == 1;
			}
		}
	}

}
