package io.github.pooltune.test;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates a database of its own on a server and drops it again.
 *
 * @author pooltune
 */
final class FreshDatabase {

	static final String PREFIX = "pooltune_test_";

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	private static final SecureRandom random = new SecureRandom();

	private FreshDatabase() {
	}

	static String create(PostgresServer server) throws SQLException {
		String name = randomName(PREFIX);
		execute(server, "create database " + name);
		return name;
	}

	static void drop(PostgresServer server, String name) throws SQLException {
		execute(server, "drop database if exists " + name + " with (force)");
	}

	static void dropRole(PostgresServer server, String name) throws SQLException {
		execute(server, "drop role if exists " + name);
	}

	static String randomName(String prefix) {
		return prefix + randomSuffix();
	}

	private static void execute(PostgresServer server, String sql) throws SQLException {
		try (Connection connection = server.connectToMaintenanceDatabase();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String randomSuffix() {
		StringBuilder suffix = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return suffix.toString();
	}

}
