package io.github.pooltune.sample;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Set;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

/**
 * Explains a start-up that failed because the configured database did not answer
 * (Flyway or HikariCP could not open a connection): where the sample looked and what to
 * do, in place of a wall of stack traces. Names the host and port only, never the user
 * or password.
 *
 * @author pooltune
 */
class DatabaseConnectionFailureAnalyzer implements FailureAnalyzer {

	/** pgjdbc's connection-refused and connection-failure states. */
	private static final Set<String> CONNECTION_SQL_STATES = Set.of("08001", "08006");

	private static final String JDBC_PREFIX = "jdbc:postgresql://";

	private static final String ACTION = """
			Start the database, or point the sample at one that answers: set \
			DATABASE_URL=postgresql://user:password@host:5432/database (or spring.datasource.url, \
			spring.datasource.username and spring.datasource.password). With neither set, the sample \
			starts an embedded PostgreSQL of its own.""";

	private final Environment environment;

	DatabaseConnectionFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		if (!isConnectionFailure(failure)) {
			return null;
		}
		String description = "The database at " + location(this.environment.getProperty("spring.datasource.url"))
				+ " did not answer" + why(failure) + ". The sample needs it at start-up, to run its Flyway "
				+ "migration and to open its connection pool.";
		return new FailureAnalysis(description, ACTION, failure);
	}

	private static boolean isConnectionFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || (cause instanceof SQLException sqlException
					&& CONNECTION_SQL_STATES.contains(sqlException.getSQLState()))) {
				return true;
			}
		}
		return false;
	}

	/** The network failure in a few words: " (Connection refused)"; empty if there is none. */
	private static String why(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		if (root instanceof UnknownHostException) {
			return " (unknown host)";
		}
		if (root instanceof SocketTimeoutException) {
			return " (timed out)";
		}
		if (root instanceof IOException && root.getMessage() != null) {
			return " (" + root.getMessage() + ")";
		}
		return "";
	}

	/** host:port and the database, from jdbc:postgresql://host:port/database?…; nothing else. */
	static String location(String jdbcUrl) {
		if (jdbcUrl == null || !jdbcUrl.startsWith(JDBC_PREFIX)) {
			return "the configured address";
		}
		String rest = jdbcUrl.substring(JDBC_PREFIX.length());
		int end = indexOfAny(rest, '/', '?');
		String hosts = rest.substring(0, end);
		hosts = hosts.substring(hosts.lastIndexOf('@') + 1);
		if (hosts.isEmpty()) {
			hosts = "localhost";
		}
		if (!hosts.contains(":") && !hosts.contains(",")) {
			hosts = hosts + ":5432";
		}
		String database = (end < rest.length() && rest.charAt(end) == '/') ? rest.substring(end + 1) : "";
		database = database.replaceFirst("\\?.*$", "");
		return database.isEmpty() ? hosts : hosts + " (database " + database + ")";
	}

	private static int indexOfAny(String text, char first, char second) {
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) == first || text.charAt(i) == second) {
				return i;
			}
		}
		return text.length();
	}

}
