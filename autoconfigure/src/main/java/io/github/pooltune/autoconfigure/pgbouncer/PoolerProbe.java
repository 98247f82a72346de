package io.github.pooltune.autoconfigure.pgbouncer;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.jdbc.PreferQueryMode;

import io.github.pooltune.autoconfigure.diagnostics.SpareConnection;
import io.github.pooltune.autoconfigure.pgbouncer.PoolerFinding.Kind;

/**
 * Finds out, on the pool's own connections, what is between the pool and PostgreSQL.
 * <ol>
 * <li>On one connection: PostgreSQL gives each client a cancel key that holds the
 * process id of its server session; a pooler gives the client a key of its own. A key
 * that is not {@code pg_backend_pid()} means a pooler (PgBouncer, or similar); a TCP
 * relay or a port mapping passes the server's key through. One query.</li>
 * <li>Only when there is a pooler and the driver names server-side prepared statements:
 * on two connections, {@code b} prepares a statement on the server (as the driver does
 * from its {@code prepareThreshold}-th execution) and {@code a} opens transactions
 * until the pooler lends it {@code b}'s server session. That happens only with
 * transaction pooling; in session pooling each client keeps its own. While {@code a}
 * holds that session, {@code b} runs the statement again, necessarily on another
 * server: it is missing there, unless the pooler carries prepared statements over
 * (PgBouncer 1.21+ with {@code max_prepared_statements}). The probe's statement is then
 * deallocated on the server it was prepared on, so that no other client trips over its
 * name, and both connections are closed (HikariCP opens new ones).</li>
 * </ol>
 * A handful of round trips, never on the borrow path.
 *
 * @author pooltune
 */
final class PoolerProbe {

	/** How many transactions the pooler gets to lend one connection's server session to the other. */
	static final int ATTEMPTS = 10;

	private static final String SQLSTATE_INVALID_STATEMENT_NAME = "26000";

	private static final String SQLSTATE_DUPLICATE_STATEMENT = "42P05";

	private static final String SQLSTATE_IN_FAILED_TRANSACTION = "25P02";

	private static final String SQLSTATE_PROTOCOL_VIOLATION = "08P01";

	private PoolerProbe() {
	}

	/**
	 * Probes the pool.
	 * @param name the pool's bean name
	 * @param pool the pool, started or not
	 * @param onPgBouncerPort whether the URL names port 6432
	 */
	static PoolerFinding probe(String name, HikariDataSource pool, boolean onPgBouncerPort) throws SQLException {
		Connection first = SpareConnection.borrowAsTheApplication(pool);
		boolean evict = false;
		try {
			PGConnection driver = first.unwrap(PGConnection.class);
			int threshold = driver.getPrepareThreshold();
			boolean prepares = threshold != 0 && driver.getPreferQueryMode() != PreferQueryMode.SIMPLE;
			int cancelKeyPid = driver.getBackendPID();
			int serverPid = backendPid(first);
			if (cancelKeyPid == serverPid) {
				Kind kind = (onPgBouncerPort && !prepares) ? Kind.DIRECT_ON_PGBOUNCER_PORT : Kind.DIRECT;
				return new PoolerFinding(name, kind, threshold,
						"its cancel key names its server process, " + serverPid);
			}
			String pooler = "the cancel key the pool got is " + cancelKeyPid + ", its server process "
					+ serverPid;
			if (!prepares) {
				return new PoolerFinding(name, Kind.POOLER_DRIVER_SAFE, threshold, pooler);
			}
			if (pool.getMaximumPoolSize() < 2) {
				return new PoolerFinding(name, Kind.POOLER_MODE_UNKNOWN, threshold, pooler);
			}
			evict = true;
			Connection second = SpareConnection.borrowAsTheApplication(pool);
			try {
				return sharing(name, first, second, threshold, pool.getValidationTimeout());
			}
			finally {
				// Closes it for good; a connection once evicted must not be closed again.
				pool.evictConnection(second);
			}
		}
		finally {
			if (evict) {
				pool.evictConnection(first);
			}
			else {
				first.close();
			}
		}
	}

	private static PoolerFinding sharing(String name, Connection a, Connection b, int threshold, long timeoutMillis)
			throws SQLException {
		String marker = "pooltune pooler probe " + UUID.randomUUID();
		try (PreparedStatement prepared = b.prepareStatement("select pg_backend_pid(), '" + marker + "'")) {
			prepared.unwrap(PGStatement.class).setPrepareThreshold(1);
			int server;
			try {
				server = pid(prepared);
			}
			catch (SQLException ex) {
				if (SQLSTATE_DUPLICATE_STATEMENT.equals(ex.getSQLState())) {
					return new PoolerFinding(name, Kind.TRANSACTION_POOLING, threshold, "the server session the "
							+ "pooler lent this connection already held another client's prepared statement under "
							+ "the name the driver chose (" + ex.getMessage() + ")");
				}
				// An auto-commit statement can only meet a failed transaction that is not its own.
				if (SQLSTATE_IN_FAILED_TRANSACTION.equals(ex.getSQLState())) {
					return new PoolerFinding(name, Kind.TRANSACTION_POOLING, threshold, "the server session the "
							+ "pooler lent this connection was inside another client's failed transaction ("
							+ ex.getMessage() + ")");
				}
				throw ex;
			}
			for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
				execute(a, "begin");
				if (backendPid(a) == server) {
					return transactionPooling(name, a, b, prepared, marker, server, threshold, timeoutMillis);
				}
				execute(a, "commit");
			}
			// The pooler did not lend b's server session to a: does it share server sessions at all?
			for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
				int last = backendPid(b);
				execute(a, "begin");
				if (backendPid(a) == last) {
					deallocate(a, marker);
					execute(a, "commit");
					return new PoolerFinding(name, Kind.TRANSACTION_POOLING, threshold, "two pool connections ran "
							+ "on server process " + last + " one after the other; whether the pooler keeps "
							+ "prepared statements could not be checked");
				}
				execute(a, "commit");
			}
			return new PoolerFinding(name, Kind.SESSION_POOLING, threshold, "a pool connection kept server process "
					+ server + " over " + (2 * ATTEMPTS) + " transactions of another");
		}
	}

	/** {@code a} holds the server session {@code b} prepared its statement on. */
	private static PoolerFinding transactionPooling(String name, Connection a, Connection b,
			PreparedStatement prepared, String marker, int server, int threshold, long timeoutMillis)
			throws SQLException {
		Boolean kept = null;
		try {
			kept = kept(b, prepared, marker, timeoutMillis);
		}
		finally {
			if (!Boolean.TRUE.equals(kept)) {
				deallocate(a, marker);
			}
			execute(a, "commit");
		}
		String shared = "two pool connections ran on server process " + server + " one after the other";
		if (kept == null) {
			return new PoolerFinding(name, Kind.TRANSACTION_POOLING, threshold, shared + ", and no other server "
					+ "session was free within " + timeoutMillis + " ms to check whether the pooler keeps prepared "
					+ "statements");
		}
		if (kept) {
			return new PoolerFinding(name, Kind.TRANSACTION_POOLING_KEEPS_STATEMENTS, threshold,
					shared + ", and a statement prepared there still ran on the next");
		}
		return new PoolerFinding(name, Kind.TRANSACTION_POOLING, threshold,
				shared + ", and a statement prepared there was missing on the next");
	}

	/**
	 * Runs the prepared statement in a transaction of {@code b}'s, on another server
	 * session than the one it was prepared on. Where another client prepared a statement
	 * under the same name, the driver may run that one, or fail on its parameters.
	 * @return whether it ran, or {@code null} if the pooler lent no server in time
	 */
	private static @Nullable Boolean kept(Connection b, PreparedStatement prepared, String marker, long timeoutMillis)
			throws SQLException {
		b.setNetworkTimeout(Runnable::run, (int) timeoutMillis);
		try {
			execute(b, "begin");
			try (ResultSet result = prepared.executeQuery()) {
				return result.next() && result.getMetaData().getColumnCount() == 2
						&& marker.equals(result.getString(2));
			}
		}
		catch (SQLException ex) {
			if (SQLSTATE_INVALID_STATEMENT_NAME.equals(ex.getSQLState())
					|| SQLSTATE_PROTOCOL_VIOLATION.equals(ex.getSQLState())) {
				return false;
			}
			if (ex.getCause() instanceof SocketTimeoutException) {
				return null;
			}
			throw ex;
		}
		finally {
			if (!b.isClosed()) {
				try {
					execute(b, "rollback");
				}
				catch (SQLException ex) {
					// b is closed right after; the pooler rolls its transaction back.
				}
			}
		}
	}

	/** Deallocates the probe's statement on the server session {@code a} holds. */
	private static void deallocate(Connection a, String marker) throws SQLException {
		List<String> names = new ArrayList<>();
		try (PreparedStatement find = a
			.prepareStatement("select name from pg_prepared_statements where statement like ?")) {
			find.unwrap(PGStatement.class).setPrepareThreshold(0);
			find.setString(1, "%" + marker + "%");
			try (ResultSet result = find.executeQuery()) {
				while (result.next()) {
					names.add(result.getString(1));
				}
			}
		}
		for (String statement : names) {
			execute(a, "deallocate \"" + statement.replace("\"", "\"\"") + "\"");
		}
	}

	private static int backendPid(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.unwrap(PGStatement.class).setPrepareThreshold(0);
			try (ResultSet result = statement.executeQuery("select pg_backend_pid()")) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	private static int pid(PreparedStatement prepared) throws SQLException {
		try (ResultSet result = prepared.executeQuery()) {
			result.next();
			return result.getInt(1);
		}
	}

	/** Runs one statement the driver does not prepare on the server. */
	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.unwrap(PGStatement.class).setPrepareThreshold(0);
			statement.execute(sql);
		}
	}

}
