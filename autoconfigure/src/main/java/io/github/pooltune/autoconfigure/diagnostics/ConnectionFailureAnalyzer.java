package io.github.pooltune.autoconfigure.diagnostics;

import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.ResolvedSetting;
import io.github.pooltune.autoconfigure.settings.Setting;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

/**
 * Explains a start-up that failed because a connection to the database could not be
 * opened (by Flyway, JPA, or the application's own start-up code): the cause in words,
 * the driver's message, the URL in use (passwords masked) and the setting or environment
 * variable to change. User names appear only where the server's own message names the
 * role it refused or counted; a password never does.
 *
 * @author pooltune
 */
final class ConnectionFailureAnalyzer implements FailureAnalyzer {

	private static final Pattern DATABASE_NAME = Pattern.compile("database \"([^\"]+)\" does not exist");

	private final Environment environment;

	ConnectionFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		ConnectionFailureCause cause = ConnectionFailureCause.of(failure);
		PoolSettings settings = (cause != null) ? PoolSettings.resolveOrNull(this.environment) : null;
		// Without settings pooltune is off (db.enabled=false), or another analyzer explains them.
		if (settings == null) {
			return null;
		}
		SQLException driver = ConnectionFailureCause.driverException(failure);
		ConnectionSettings connection = ConnectionSettings.of(this.environment, isFlywaysOwnConnection(failure));
		Explanation explanation = new Explanation(cause, driver, connection, settings);
		StringBuilder description = new StringBuilder(explanation.problem()).append("\n\n")
			.append("    Reason:   ")
			.append(explanation.reason());
		if (connection.url() != null) {
			description.append("\n    Database: ")
				.append(connection.url())
				.append(" (")
				.append(connection.urlSource())
				.append(')');
		}
		return new FailureAnalysis(description.toString(), explanation.action(), failure);
	}

	/** Flyway opens connections of its own when spring.flyway.url or spring.flyway.user is set. */
	private boolean isFlywaysOwnConnection(Throwable failure) {
		boolean ownSettings = this.environment.containsProperty("spring.flyway.url")
				|| this.environment.containsProperty("spring.flyway.user");
		for (Throwable cause = failure; ownSettings && cause != null; cause = cause.getCause()) {
			if (cause.getClass().getName().startsWith("org.flywaydb.")) {
				return true;
			}
		}
		return false;
	}

	/** One failure in words: what is wrong, why, and what to change. */
	private record Explanation(ConnectionFailureCause cause, SQLException driver, ConnectionSettings connection,
			PoolSettings settings) {

		String problem() {
			return switch (this.cause) {
				case AUTHENTICATION -> "The database rejected the application's user name or password.";
				case SSL_REQUIRED -> "The database refused a connection without SSL: its pg_hba.conf has no rule "
						+ "for this host, user and database without encryption. A server that requires SSL answers "
						+ "so.";
				case NOT_ALLOWED -> "The database refused the connection: its pg_hba.conf has no rule that lets "
						+ "this user connect to this database from this host.";
				case UNKNOWN_DATABASE -> "The database \"" + database() + "\" does not exist on the server" + at()
						+ ".";
				case NO_CONNECTION_SLOT -> "The database has no connection slot left for the application: "
						+ limitReached() + ".";
				case SSL_NOT_SUPPORTED -> "The URL asks for SSL (sslmode=require or stricter), but the server" + at()
						+ " does not support SSL.";
				case UNKNOWN_HOST -> "The database host " + unknownHost() + " is unknown: its name does not resolve.";
				case REFUSED -> "The database" + at() + " refused the connection: nothing accepts connections there.";
				case TIMED_OUT -> "The database" + at() + " did not answer within DB_CONNECT_TIMEOUT ("
						+ connectTimeout() + ").";
				case SERVER_NOT_READY -> "The database" + at() + " does not accept connections yet: it is "
						+ "starting up, shutting down or in recovery.";
				case CONNECTION_FAILED -> "The connection to the database" + at() + " failed.";
			};
		}

		String reason() {
			String reason = this.driver.getMessage() + " (SQLState " + this.driver.getSQLState() + ")";
			Throwable network = (this.cause == ConnectionFailureCause.UNKNOWN_HOST)
					? ConnectionFailureCause.find(this.driver, UnknownHostException.class)
					: ConnectionFailureCause.find(this.driver, SocketTimeoutException.class);
			return (network != null) ? reason + "; " + network : reason;
		}

		String action() {
			String url = this.connection.urlSettingAndOrigin();
			return switch (this.cause) {
				case AUTHENTICATION -> "Check the user name and password: " + this.connection.credentialSettings()
						+ ". PostgreSQL answers the same for an unknown user as for a wrong password; the role also "
						+ "needs LOGIN.";
				case SSL_REQUIRED -> "If the server requires SSL, connect with it: add sslmode=require (or "
						+ "sslmode=verify-full, which also checks the server's certificate) to " + url + ", for "
						+ "example " + exampleWith("sslmode=require") + ". If it should accept connections "
						+ "without SSL, it needs a pg_hba.conf rule for this host, user and database.";
				case NOT_ALLOWED -> "Check the host and database in " + url + ", and the user: "
						+ this.connection.credentialSettings() + ". If they are right, the server needs a "
						+ "pg_hba.conf rule that lets this user connect to this database from this host.";
				case UNKNOWN_DATABASE -> "Correct the database name at the end of the URL in " + url
						+ ", or create the database: CREATE DATABASE " + database() + ".";
				case NO_CONNECTION_SLOT -> capacityAction();
				case SSL_NOT_SUPPORTED -> "Turn SSL on at the server (ssl = on, with a certificate), or, on a "
						+ "network you trust, connect without it: sslmode=prefer or sslmode=disable in " + url
						+ "; ssl=true asks for SSL too.";
				case UNKNOWN_HOST -> "Correct the host in " + url + ". In Docker Compose or Kubernetes the host is "
						+ "the database's service name, and it must resolve where the application runs. "
						+ attemptBound();
				case REFUSED -> "Check the host and port in " + url + ", and that the server is up and listens "
						+ "there (listen_addresses, port); in a container, localhost is the container itself. "
						+ attemptBound();
				case TIMED_OUT -> "Check the host and port in " + url + ", that the server is up, and that no "
						+ "firewall or security group drops the connection. If the network is only slow, raise "
						+ "DB_CONNECT_TIMEOUT (db.connect-timeout), at most DB_POOL_TIMEOUT.";
				case SERVER_NOT_READY -> "Start the application once the server accepts connections: wait for "
						+ "pg_isready in the start-up order (a Compose healthcheck, a Kubernetes init container).";
				case CONNECTION_FAILED -> "Check the host and port in " + url
						+ ", and that the server is up and reachable from here. " + attemptBound();
			};
		}

		private String capacityAction() {
			int perInstance = this.settings.maxConnections();
			int instances = this.settings.value(Setting.INSTANCES);
			int reserved = this.settings.value(Setting.RESERVED_CONNECTIONS);
			return String.format("Each instance opens up to pool-size + max-overflow connections, and the fleet must "
					+ "fit the server: DB_INSTANCES × (DB_POOL_SIZE + DB_MAX_OVERFLOW) + DB_RESERVED_CONNECTIONS ≤ "
					+ "max_connections − superuser_reserved_connections, and within the role's and the database's "
					+ "CONNECTION LIMIT. Here: %d × (%d + %d) + %d = %d. Lower DB_POOL_SIZE or DB_MAX_OVERFLOW, or "
					+ "DB_INSTANCES with fewer instances, or raise the limit (max_connections, ALTER ROLE … "
					+ "CONNECTION LIMIT, ALTER DATABASE … CONNECTION LIMIT); other clients use slots too. Once the "
					+ "application runs, GET /actuator/pooltune (section capacity) shows the server's limits "
					+ "against the fleet.", instances, this.settings.value(Setting.POOL_SIZE),
					this.settings.value(Setting.MAX_OVERFLOW), reserved, instances * perInstance + reserved);
		}

		/** Which limit the server's message names. */
		private String limitReached() {
			String message = String.valueOf(this.driver.getMessage());
			if (message.contains("for role")) {
				return "the role's CONNECTION LIMIT is reached";
			}
			if (message.contains("for database")) {
				return "the database's CONNECTION LIMIT is reached";
			}
			if (message.contains("reserved")) {
				return "the only free slots are reserved for superusers or other roles "
						+ "(superuser_reserved_connections, reserved_connections)";
			}
			if (message.contains("too many clients")) {
				return "max_connections is reached";
			}
			return "max_connections, or a CONNECTION LIMIT on the role or the database, is reached";
		}

		private String attemptBound() {
			return "Each attempt waits at most DB_CONNECT_TIMEOUT (" + connectTimeout() + ").";
		}

		private String connectTimeout() {
			ResolvedSetting<?> timeout = this.settings.get(Setting.CONNECT_TIMEOUT);
			return timeout.formattedValue() + ", " + timeout.source();
		}

		private String at() {
			String hosts = this.connection.hostsAndPorts();
			return (hosts != null) ? " at " + hosts : "";
		}

		private String database() {
			Matcher matcher = DATABASE_NAME.matcher(String.valueOf(this.driver.getMessage()));
			if (matcher.find()) {
				return matcher.group(1);
			}
			String database = this.connection.database();
			return (database != null) ? database : "(named in the URL)";
		}

		private String unknownHost() {
			UnknownHostException unknown = ConnectionFailureCause.find(this.driver, UnknownHostException.class);
			String host = (unknown != null) ? String.valueOf(unknown.getMessage()).replaceFirst(":.*$", "") : null;
			return (host != null) ? "\"" + host + "\"" : "in the URL";
		}

		private String exampleWith(String parameter) {
			return ConnectionSettings.DATABASE_URL.equals(this.connection.urlSetting())
					? "DATABASE_URL=postgresql://user:password@host:5432/database?" + parameter
					: this.connection.urlSetting() + "=jdbc:postgresql://host:5432/database?" + parameter;
		}

	}

}
