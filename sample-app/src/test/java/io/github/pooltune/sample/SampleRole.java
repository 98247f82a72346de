package io.github.pooltune.sample;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;

import io.github.pooltune.test.TestDatabase;
import io.github.pooltune.test.TestRole;

/**
 * A login role of its own for the sample, as a service runs with one that owns nothing:
 * the sample's schema is migrated by the fixture's user, and the role may read the API
 * keys.
 *
 * @author pooltune
 */
final class SampleRole {

	private SampleRole() {
	}

	/** A new role with the given options ({@code connection limit 3}, or none), allowed to read the keys. */
	static TestRole create(TestDatabase database, String options) throws SQLException {
		TestRole role = database.createRole(options);
		Flyway.configure()
			.dataSource(database.jdbcUrl(), database.username(), database.password())
			.load()
			.migrate();
		try (Connection admin = database.connect(); Statement statement = admin.createStatement()) {
			statement.execute("grant select on api_keys to " + role.name());
		}
		return role;
	}

}
