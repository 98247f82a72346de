package io.github.pooltune.autoconfigure.diagnostics;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import com.zaxxer.hikari.util.Credentials;
import org.jspecify.annotations.Nullable;

/**
 * A connection of pooltune's own, opened past the pool the way HikariCP opens the pool's
 * (its data source, its credentials or credentials provider), so with the same server, user
 * and application name: for a look at the server while every pool connection is in use and
 * threads wait, when {@link SpareConnection} has none to give. HikariCP's login timeout
 * (the pool timeout) bounds the wait to connect, {@link #NETWORK_TIMEOUT} each read after.
 * The caller closes it; it never enters the pool.
 *
 * @author pooltune
 */
final class OutsideConnection {

	static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(5);

	private OutsideConnection() {
	}

	/** A new connection to the pool's server, or {@code null} when the pool has not started. */
	static @Nullable Connection open(HikariDataSource dataSource) throws SQLException {
		if (!(dataSource.getHikariPoolMXBean() instanceof HikariPool pool)) {
			return null;
		}
		DataSource source = pool.getUnwrappedDataSource();
		HikariCredentialsProvider provider = dataSource.getCredentialsProvider();
		Credentials credentials = (provider != null) ? provider.getCredentials() : dataSource.getCredentials();
		String username = (credentials != null) ? credentials.getUsername() : null;
		Connection connection = (username == null) ? source.getConnection()
				: source.getConnection(username, credentials.getPassword());
		// A server that stops answering must not hold the check's thread for the pool's socket timeout.
		try {
			connection.setNetworkTimeout(Runnable::run, (int) NETWORK_TIMEOUT.toMillis());
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
		return connection;
	}

}
