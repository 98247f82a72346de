package io.github.pooltune.sample;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.IntSupplier;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Why a request could not use the database, when it could not: the pool was exhausted
 * (HikariCP timed out waiting for a connection while it held some) or the database did
 * not answer (no connection could be opened, or one broke). Each comes with how long a
 * client should wait before trying again.
 *
 * @author pooltune
 */
enum DatabaseFailure {

	/** Every connection was in use for the whole pool timeout. */
	POOL_EXHAUSTED("pool exhausted", Duration.ofSeconds(1)),

	/** The database refused, dropped or never answered a connection. */
	DATABASE_UNREACHABLE("database unreachable", Duration.ofSeconds(5));

	private static final String POOL_TIMEOUT_MESSAGE = "Connection is not available";

	private final String reason;

	private final Duration retryAfter;

	DatabaseFailure(String reason, Duration retryAfter) {
		this.reason = reason;
		this.retryAfter = retryAfter;
	}

	/** The reason in a few words, for the response body. */
	String reason() {
		return this.reason;
	}

	/** How long a client should wait before it tries again. */
	Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * Classifies a failure.
	 * @param failure what a request threw
	 * @param openConnections how many connections the pool holds now; a pool timeout with
	 * none open means the database, not the load, is the problem
	 * @return the database failure, or {@code null} if the failure is something else
	 */
	static DatabaseFailure of(Throwable failure, IntSupplier openConnections) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (isPoolTimeout(cause)) {
				return (openConnections.getAsInt() > 0) ? POOL_EXHAUSTED : DATABASE_UNREACHABLE;
			}
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (isConnectionFailure(cause)) {
				return DATABASE_UNREACHABLE;
			}
		}
		return null;
	}

	/** HikariCP's "Connection is not available, request timed out after …". */
	private static boolean isPoolTimeout(Throwable failure) {
		return failure instanceof SQLTransientConnectionException && failure.getMessage() != null
				&& failure.getMessage().contains(POOL_TIMEOUT_MESSAGE);
	}

	private static boolean isConnectionFailure(Throwable failure) {
		if (failure instanceof DataAccessResourceFailureException
				|| failure instanceof TransientDataAccessResourceException
				|| failure instanceof SQLNonTransientConnectionException
				|| failure instanceof SQLTransientConnectionException || failure instanceof SQLRecoverableException
				|| failure instanceof ConnectException) {
			return true;
		}
		return failure instanceof SQLException sqlException && isConnectionSqlState(sqlException.getSQLState());
	}

	/**
	 * Class 08 (connection exception), 57P01–57P03 (the server shut down or is starting)
	 * and 53300 (too many connections).
	 */
	private static boolean isConnectionSqlState(String sqlState) {
		return sqlState != null
				&& (sqlState.startsWith("08") || sqlState.startsWith("57P0") || sqlState.equals("53300"));
	}

}
