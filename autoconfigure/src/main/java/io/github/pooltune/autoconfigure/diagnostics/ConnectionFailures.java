package io.github.pooltune.autoconfigure.diagnostics;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Why each pool last failed to open a connection, in words that name the limit and the
 * setting to change: HikariCP logs only the driver's message, and "too many clients" or
 * a rejected password reads the same as any other error there. One WARN per pool and
 * kind of failure per minute.
 *
 * @author pooltune
 */
public final class ConnectionFailures {

	static final Duration WARN_EVERY = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(ConnectionFailures.class);

	private final Map<String, Failure> lastFailure = new ConcurrentHashMap<>();

	private final Map<String, Instant> lastWarned = new ConcurrentHashMap<>();

	void failed(String pool, Throwable failure) {
		Failure explained = Failure.of(failure);
		this.lastFailure.put(pool, explained);
		Instant now = Instant.now();
		Instant warned = this.lastWarned.get(pool + explained.sqlState());
		if (warned == null || warned.plus(WARN_EVERY).isBefore(now)) {
			this.lastWarned.put(pool + explained.sqlState(), now);
			logger.warn("HikariCP pool '" + pool + "' cannot open connections: " + explained.message() + " ("
					+ explained.sqlState() + "): " + explained.advice());
		}
	}

	/** The pool's last failure to open a connection, or {@code null}. */
	public Failure last(String pool) {
		return this.lastFailure.get(pool);
	}

	/**
	 * One failure to open a connection.
	 *
	 * @param at when
	 * @param sqlState the driver's SQLState, or {@code "-"}
	 * @param message the driver's message
	 * @param advice what it means and what to change
	 */
	public record Failure(Instant at, String sqlState, String message, String advice) {

		static Failure of(Throwable failure) {
			SQLException sql = find(failure);
			String state = (sql != null && sql.getSQLState() != null) ? sql.getSQLState() : "-";
			Throwable cause = (sql != null) ? sql : failure;
			return new Failure(Instant.now(), state, String.valueOf(cause.getMessage()), advice(state));
		}

		private static SQLException find(Throwable failure) {
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				if (cause instanceof SQLException sql && sql.getSQLState() != null) {
					return sql;
				}
			}
			return null;
		}

		private static String advice(String sqlState) {
			if ("53300".equals(sqlState)) {
				return "the server has no connection slot left for this role and database (max_connections, or a "
						+ "CONNECTION LIMIT on the role or the database). Check the fleet with GET "
						+ "/actuator/pooltune (section capacity): lower DB_POOL_SIZE, DB_MAX_OVERFLOW or the number of "
						+ "instances, or raise the limit";
			}
			if (sqlState.startsWith("28")) {
				return "the server rejected the credentials: check spring.datasource.username and password "
						+ "(or DATABASE_URL)";
			}
			if ("3D000".equals(sqlState)) {
				return "the database does not exist: check the database name in the URL";
			}
			if (sqlState.startsWith("57P")) {
				return "the server is shutting down, restarting or in recovery: the pool retries on its own";
			}
			if (sqlState.startsWith("08")) {
				return "the server does not answer: is it running and reachable? DB_CONNECT_TIMEOUT bounds each "
						+ "attempt; the pool retries on its own";
			}
			return "see the driver's message";
		}

	}

}
