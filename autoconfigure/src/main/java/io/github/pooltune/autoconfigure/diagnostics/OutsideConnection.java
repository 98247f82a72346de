package io.github.pooltune.autoconfigure.diagnostics;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import com.zaxxer.hikari.util.Credentials;
import com.zaxxer.hikari.util.DriverDataSource;
import org.jspecify.annotations.Nullable;

/**
 * A connection of pooltune's own, opened past the pool the way HikariCP opens the pool's
 * (its URL and driver properties, or its data source; its credentials or credentials
 * provider), for a look at the server while every pool connection is in use and threads
 * wait, when {@link SpareConnection} has none to give. It is named
 * {@value #APPLICATION_NAME}, not as the pool's connections: whoever counts those in
 * {@code pg_stat_activity} (a dashboard, the capacity check) never counts it. HikariCP's
 * login timeout (the pool timeout) bounds the wait to connect, {@link #NETWORK_TIMEOUT}
 * each read after. The caller closes it; it never enters the pool.
 *
 * @author pooltune
 */
final class OutsideConnection {

	static final String APPLICATION_NAME = "pooltune check";

	static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(5);

	private OutsideConnection() {
	}

	/** A new connection to the pool's server, or {@code null} when the pool has not started. */
	static @Nullable Connection open(HikariDataSource dataSource) throws SQLException {
		if (!(dataSource.getHikariPoolMXBean() instanceof HikariPool pool)) {
			return null;
		}
		HikariCredentialsProvider provider = dataSource.getCredentialsProvider();
		Credentials credentials = (provider != null) ? provider.getCredentials() : dataSource.getCredentials();
		String username = (credentials != null) ? credentials.getUsername() : null;
		String password = (credentials != null) ? credentials.getPassword() : null;
		boolean byUrl = dataSource.getDataSource() == null && dataSource.getDataSourceClassName() == null
				&& dataSource.getJdbcUrl() != null;
		DataSource source = byUrl ? new DriverDataSource(dataSource.getJdbcUrl(),
				dataSource.getDriverClassName(), renamed(dataSource.getDataSourceProperties()), username, password)
				: pool.getUnwrappedDataSource();
		Connection connection = (username == null) ? source.getConnection() : source.getConnection(username, password);
		try {
			// A server that stops answering must not hold the check's thread for the pool's socket timeout.
			connection.setNetworkTimeout(Runnable::run, (int) NETWORK_TIMEOUT.toMillis());
			// A name in the URL, or the application's own data source, wins over the property.
			try (Statement statement = connection.createStatement()) {
				statement.execute("set application_name = '" + APPLICATION_NAME + "'");
			}
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
		return connection;
	}

	private static Properties renamed(Properties driverProperties) {
		Properties renamed = new Properties();
		driverProperties.forEach((key, value) -> {
			if (!"ApplicationName".equalsIgnoreCase(String.valueOf(key))) {
				renamed.put(key, value);
			}
		});
		renamed.setProperty("ApplicationName", APPLICATION_NAME);
		return renamed;
	}

}
