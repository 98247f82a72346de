package io.github.pooltune.autoconfigure.diagnostics;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * Why a connection could not be opened, read from what the driver threw: the SQLState
 * PostgreSQL or pgjdbc sets, the network exception under it and, where one SQLState
 * covers several causes, the server's own words. The pool's warning and the start-up
 * failure analysis both name a failure through this, so that they always agree.
 *
 * @author pooltune
 */
enum ConnectionFailureCause {

	/** 28P01, 28000: wrong password, unknown user, or a role that may not log in. */
	AUTHENTICATION("the server rejected the credentials: check spring.datasource.username and password "
			+ "(or DATABASE_URL)"),

	/** 28000 "no pg_hba.conf entry … no encryption": the server wants SSL, or has no rule at all. */
	SSL_REQUIRED("the server has no pg_hba.conf rule for this host, user and database without SSL: if it requires "
			+ "SSL, add sslmode=require to the URL (or DATABASE_URL)"),

	/** 28000 "no pg_hba.conf entry" over SSL, or a reject rule. */
	NOT_ALLOWED("the server's pg_hba.conf has no rule that lets this user connect to this database from this host"),

	/** 3D000. */
	UNKNOWN_DATABASE("the database does not exist: check the database name in the URL"),

	/** 53300: max_connections, or a role's or database's CONNECTION LIMIT. */
	NO_CONNECTION_SLOT(ConnectionFailureCause.NO_SLOT_LEFT + ". Check the fleet with GET /actuator/pooltune "
			+ "(section capacity): lower DB_POOL_SIZE, DB_MAX_OVERFLOW or the number of instances, or raise the limit"),

	/** 08004 "The server does not support SSL.": sslmode=require against a server without SSL. */
	SSL_NOT_SUPPORTED("the URL asks for SSL (sslmode=require or stricter) but the server does not support it: turn "
			+ "SSL on at the server, or change sslmode in the URL (or DATABASE_URL)"),

	/** The host name does not resolve. */
	UNKNOWN_HOST("the host name does not resolve: check the host in the URL (or DATABASE_URL); the pool retries on "
			+ "its own"),

	/** Nothing listens at the host and port. */
	REFUSED("the connection was refused: is the server running, and are the host and port in the URL right? The "
			+ "pool retries on its own"),

	/** No answer within the connect timeout. */
	TIMED_OUT("the server did not answer in time: is it running and reachable? DB_CONNECT_TIMEOUT bounds each "
			+ "attempt; the pool retries on its own"),

	/** 57P: shutting down, starting up or in recovery. */
	SERVER_NOT_READY("the server is shutting down, restarting or in recovery: the pool retries on its own"),

	/** Any other connection exception (class 08). */
	CONNECTION_FAILED("the server does not answer: is it running and reachable? DB_CONNECT_TIMEOUT bounds each "
			+ "attempt; the pool retries on its own");

	/** What 53300 means; the pool's warning adds the fleet the last capacity check saw. */
	static final String NO_SLOT_LEFT = "the server has no connection slot left for this role and database "
			+ "(max_connections, or a CONNECTION LIMIT on the role or the database)";

	private final String advice;

	ConnectionFailureCause(String advice) {
		this.advice = advice;
	}

	/** What the failure means and what to change, in a few words for a log line. */
	String advice() {
		return this.advice;
	}

	/**
	 * The cause of a failure to open a connection.
	 * @param failure what was thrown, or anything it is wrapped in
	 * @return the cause, or {@code null} when the failure holds no driver exception that
	 * says a connection could not be opened
	 */
	static @Nullable ConnectionFailureCause of(Throwable failure) {
		SQLException driver = driverException(failure);
		if (driver == null) {
			return null;
		}
		String state = driver.getSQLState();
		String message = String.valueOf(driver.getMessage());
		// Only beneath the driver's exception: a network failure elsewhere is not the database's.
		if (find(driver, UnknownHostException.class) != null) {
			return UNKNOWN_HOST;
		}
		if (find(driver, ConnectException.class) != null) {
			return REFUSED;
		}
		if (find(driver, SocketTimeoutException.class) != null
				|| (state.startsWith("08") && message.contains("timed out"))) {
			return TIMED_OUT;
		}
		if (state.equals("28000") && message.contains("pg_hba.conf")) {
			// PostgreSQL 14 and later say "no encryption", older ones "SSL off".
			return (message.contains("no encryption") || message.contains("SSL off")) ? SSL_REQUIRED : NOT_ALLOWED;
		}
		if (state.startsWith("28")) {
			return AUTHENTICATION;
		}
		if (state.equals("3D000")) {
			return UNKNOWN_DATABASE;
		}
		if (state.equals("53300")) {
			return NO_CONNECTION_SLOT;
		}
		if (state.equals("08004")) {
			// pgjdbc's "connection rejected": no SSL at the server, or no password given.
			return message.contains("SSL") ? SSL_NOT_SUPPORTED
					: message.contains("password") ? AUTHENTICATION : CONNECTION_FAILED;
		}
		if (state.startsWith("57P")) {
			return SERVER_NOT_READY;
		}
		return state.startsWith("08") ? CONNECTION_FAILED : null;
	}

	/**
	 * The driver's own exception: the deepest one with a SQLState. HikariCP's borrow
	 * timeout copies the SQLState of the failure it wraps, so the deepest is the driver's.
	 */
	static SQLException driverException(Throwable failure) {
		SQLException deepest = null;
		for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				deepest = sql;
			}
		}
		return deepest;
	}

	static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
