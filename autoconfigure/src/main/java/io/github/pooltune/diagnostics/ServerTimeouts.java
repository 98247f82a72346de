package io.github.pooltune.diagnostics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server-side timeouts that close or cut a pool's connections, as a pool connection
 * sees them (so a role's or database's own settings count): {@code idle_session_timeout}
 * closes a session idle longer than it, even one waiting in the pool;
 * {@code tcp_keepalives_idle} is how long an idle TCP connection waits before the server
 * probes it; {@code statement_timeout} and {@code idle_in_transaction_session_timeout}
 * cut statements and open transactions.
 *
 * @param idleSessionTimeout {@code idle_session_timeout}, zero when off (or before
 * PostgreSQL 14)
 * @param tcpKeepalivesIdle {@code tcp_keepalives_idle}, zero for the operating system's
 * default
 * @param statementTimeout {@code statement_timeout}, zero when off
 * @param idleInTransactionSessionTimeout {@code idle_in_transaction_session_timeout},
 * zero when off
 * @author pooltune
 */
public record ServerTimeouts(Duration idleSessionTimeout, Duration tcpKeepalivesIdle, Duration statementTimeout,
		Duration idleInTransactionSessionTimeout) {

	private static final String SETTINGS = """
			select coalesce((select setting::bigint from pg_settings where name = 'idle_session_timeout'), 0),
			       (select setting::bigint from pg_settings where name = 'tcp_keepalives_idle'),
			       (select setting::bigint from pg_settings where name = 'statement_timeout'),
			       (select setting::bigint from pg_settings where name = 'idle_in_transaction_session_timeout')""";

	/** Reads them on the given connection; {@code tcp_keepalives_idle} is in seconds, the others in milliseconds. */
	public static ServerTimeouts read(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(SETTINGS)) {
			row.next();
			return new ServerTimeouts(Duration.ofMillis(row.getLong(1)), Duration.ofSeconds(row.getLong(2)),
					Duration.ofMillis(row.getLong(3)), Duration.ofMillis(row.getLong(4)));
		}
	}

	/**
	 * What would close the pool's idle connections before the pool does, and what to
	 * change; empty when nothing would.
	 * @param keepalive how often the pool pings its idle connections (zero: never)
	 * @param recycle the longest life of a connection (zero or negative: never)
	 */
	public List<String> staleConnectionWarnings(String pool, Duration keepalive, Duration recycle) {
		List<String> warnings = new ArrayList<>();
		if (!this.idleSessionTimeout.isZero()
				&& (keepalive.isZero() || keepalive.compareTo(this.idleSessionTimeout) >= 0)) {
			long serverSeconds = this.idleSessionTimeout.toSeconds();
			String fix = (serverSeconds > 30) ? "set DB_POOL_KEEPALIVE below " + serverSeconds + "s (for example "
					+ Math.max(30, serverSeconds / 2) + "s) so the pool pings its idle connections first"
					: "raise idle_session_timeout for this role or database above 30s (HikariCP cannot ping more "
							+ "often), or accept a reconnect after each idle spell";
			warnings.add(String.format("Pool '%s': the server closes sessions idle for %s (idle_session_timeout), "
					+ "and the pool %s; idle pooled connections die there, HikariCP finds them on the next borrow and "
					+ "opens new ones: %s", pool, format(this.idleSessionTimeout),
					keepalive.isZero() ? "does not ping idle connections" : "pings them only every "
							+ keepalive.toSeconds() + "s",
					fix));
			boolean recycleCanHelp = serverSeconds > 30;
			if (recycleCanHelp
					&& (recycle.isNegative() || recycle.isZero() || recycle.compareTo(this.idleSessionTimeout) >= 0)) {
				warnings.set(0, warnings.get(0) + " (or DB_POOL_RECYCLE below " + serverSeconds + "s)");
			}
		}
		return warnings;
	}

	private static String format(Duration duration) {
		return (duration.toMillisPart() == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

}
