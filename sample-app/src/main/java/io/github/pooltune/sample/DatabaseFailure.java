package io.github.pooltune.sample;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.TransactionSystemException;

/**
 * Why a request could not use the database, as one table: the status the sample answers
 * with, the reason it gives, how long a client should wait before it tries again, the
 * pooltune setting that decided it (where one did), and the PostgreSQL SQLStates that
 * mean it. Every failure here but one is transient: the same request may succeed later,
 * so it answers 503 with {@code Retry-After}. A failure with no row is a bug of the
 * service: 500.
 *
 * @author pooltune
 */
enum DatabaseFailure {

	/** Every connection was in use for the whole pool timeout (HikariCP's own timeout, no SQLState of its own). */
	POOL_EXHAUSTED(HttpStatus.SERVICE_UNAVAILABLE, "pool exhausted", 1, null, SqlStates.none()),

	/**
	 * The database refused, dropped or never answered a connection: a connection
	 * exception (class 08), the backend terminated by an administrator or a shutdown
	 * (57P01), a crash of another backend (57P02), a server starting or stopping (57P03),
	 * the database dropped (57P04), {@code idle_session_timeout} (57P05), no connection
	 * slot left (53300).
	 */
	DATABASE_UNREACHABLE(HttpStatus.SERVICE_UNAVAILABLE, "database unreachable", 5, null,
			SqlStates.of("08", "57P01", "57P02", "57P03", "57P04", "57P05", "53300")),

	/**
	 * The statement ran longer than {@code statement_timeout} (query_canceled, told apart
	 * from other cancels by the server's English message). Not 504: that status is the
	 * proxy's own for a service that did not answer at all, and it carries no
	 * {@code Retry-After}.
	 */
	STATEMENT_TIMEOUT(HttpStatus.SERVICE_UNAVAILABLE, "statement timeout", 5, "DB_STATEMENT_TIMEOUT",
			SqlStates.of("57014").withMessage("statement timeout")),

	/** The statement was cancelled otherwise, e.g. with {@code pg_cancel_backend}. */
	QUERY_CANCELED(HttpStatus.SERVICE_UNAVAILABLE, "query canceled", 1, null, SqlStates.of("57014")),

	/** The server closed a session that sat idle inside a transaction too long. */
	IDLE_IN_TRANSACTION_TIMEOUT(HttpStatus.SERVICE_UNAVAILABLE, "idle in transaction timeout", 5,
			"DB_IDLE_IN_TRANSACTION_TIMEOUT", SqlStates.of("25P03")),

	/**
	 * A SERIALIZABLE or REPEATABLE READ transaction lost to a concurrent one. The server
	 * rolled it back and the same request is expected to succeed when tried again, which
	 * clients do for a 503 and not for a 409.
	 */
	SERIALIZATION_FAILURE(HttpStatus.SERVICE_UNAVAILABLE, "serialization failure", 1, null, SqlStates.of("40001")),

	/** The transaction was chosen to break a deadlock and rolled back; as for a serialization failure. */
	DEADLOCK(HttpStatus.SERVICE_UNAVAILABLE, "deadlock detected", 1, null, SqlStates.of("40P01")),

	/**
	 * A write on a read-only server or session, e.g. a connection that reached a standby
	 * after a failover.
	 */
	READ_ONLY(HttpStatus.SERVICE_UNAVAILABLE, "database read-only", 5, null, SqlStates.of("25006")),

	/**
	 * A statement ran in a transaction that had already failed: the bug is wherever the
	 * earlier error was caught, and trying again does not help. 500, and the reason goes
	 * to the log, not to the client.
	 */
	FAILED_TRANSACTION(HttpStatus.INTERNAL_SERVER_ERROR,
			"in failed transaction: an earlier statement of the same transaction failed and its error was caught", 0,
			null, SqlStates.of("25P02"));

	private static final String POOL_TIMEOUT_MESSAGE = "Connection is not available";

	private final HttpStatus status;

	private final String reason;

	private final Duration retryAfter;

	private final String setting;

	private final SqlStates sqlStates;

	DatabaseFailure(HttpStatus status, String reason, int retryAfterSeconds, String setting,
			SqlStates sqlStates) {
		this.status = status;
		this.reason = reason;
		// 0: trying again does not help, so no Retry-After.
		this.retryAfter = (retryAfterSeconds > 0) ? Duration.ofSeconds(retryAfterSeconds) : null;
		this.setting = setting;
		this.sqlStates = sqlStates;
	}

	/** The status the sample answers with. */
	HttpStatus status() {
		return this.status;
	}

	/** The reason in a few words, for the response body (503) or the log (500). */
	String reason() {
		return this.reason;
	}

	/** How long a client should wait before it tries again, or {@code null} when trying again does not help. */
	Duration retryAfter() {
		return this.retryAfter;
	}

	/** The environment variable of the pooltune setting that decided the failure, or {@code null}. */
	String setting() {
		return this.setting;
	}

	/** Whether a client may try again: the same request can succeed later. */
	boolean isTransient() {
		return this.retryAfter != null;
	}

	/** The short body: what went wrong, and for a transient failure why and which setting applies. */
	ApiError body() {
		return isTransient() ? new ApiError("database unavailable", this.reason, setting())
				: new ApiError("internal error");
	}

	/**
	 * Classifies a failure.
	 * @param failure what a request threw
	 * @param openConnections how many connections the pool holds now; a pool timeout with
	 * none open means the database, not the load, is the problem
	 * @return the database failure, or {@code null} if the failure is something else
	 */
	static @Nullable DatabaseFailure of(Throwable failure, IntSupplier openConnections) {
		failure = decidingFailure(failure);
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (isPoolTimeout(cause)) {
				return (openConnections.getAsInt() > 0) ? POOL_EXHAUSTED : DATABASE_UNREACHABLE;
			}
		}
		// The server's SQLState decides; Spring's exception types only when no SQLState is known.
		SQLException withSqlState = firstWithSqlState(failure);
		if (withSqlState != null) {
			return of(withSqlState);
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (isConnectionFailure(cause)) {
				return DATABASE_UNREACHABLE;
			}
		}
		return null;
	}

	/**
	 * The failure that says why: the application's own when the rollback after it failed
	 * too (the server had closed the connection, and Spring throws the rollback's
	 * failure).
	 */
	static Throwable decidingFailure(Throwable failure) {
		if (failure instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
			return rollback.getApplicationException();
		}
		return failure;
	}

	private static @Nullable DatabaseFailure of(SQLException failure) {
		for (DatabaseFailure candidate : values()) {
			if (candidate.sqlStates.matches(failure.getSQLState(), failure.getMessage())) {
				return candidate;
			}
		}
		return null;
	}

	private static @Nullable SQLException firstWithSqlState(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sqlException && sqlException.getSQLState() != null) {
				return sqlException;
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
		return failure instanceof DataAccessResourceFailureException
				|| failure instanceof TransientDataAccessResourceException
				|| failure instanceof SQLNonTransientConnectionException
				|| failure instanceof SQLTransientConnectionException || failure instanceof SQLRecoverableException
				|| failure instanceof ConnectException;
	}

	/**
	 * SQLStates, each five characters or a two-character class, and optionally a part of
	 * the server's message that tells apart failures that share a state.
	 */
	private record SqlStates(List<String> codes, String messagePart) {

		static SqlStates none() {
			return new SqlStates(List.of(), null);
		}

		static SqlStates of(String... codes) {
			return new SqlStates(List.of(codes), null);
		}

		SqlStates withMessage(String part) {
			return new SqlStates(this.codes, part);
		}

		boolean matches(String sqlState, String message) {
			boolean stateMatches = this.codes.stream()
				.anyMatch((code) -> (code.length() == 2) ? sqlState.startsWith(code) : sqlState.equals(code));
			boolean messageMatches = this.messagePart == null
					|| (message != null && message.contains(this.messagePart));
			return stateMatches && messageMatches;
		}

	}

}
