package io.github.pooltune.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A PostgreSQL server the tests may use: where it is, who to log in as, and how to stop
 * it when the tests started it.
 *
 * @param source which fixture source found it
 * @param host host name
 * @param port port
 * @param username a user that may create databases
 * @param password its password, empty for none
 * @param maintenanceDatabase the database to connect to for CREATE/DROP DATABASE
 * @param stop stops the server, if the tests started it
 * @author pooltune
 */
record PostgresServer(String source, String host, int port, String username, String password,
		String maintenanceDatabase, Runnable stop) {

	String jdbcUrl(String database) {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + database;
	}

	Connection connect(String database) throws SQLException {
		return connect(database, this.username, this.password);
	}

	Connection connect(String database, String username, String password) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", username);
		properties.setProperty("password", password);
		properties.setProperty("connectTimeout", "5");
		return DriverManager.getConnection(jdbcUrl(database), properties);
	}

	Connection connectToMaintenanceDatabase() throws SQLException {
		return connect(this.maintenanceDatabase);
	}

}
