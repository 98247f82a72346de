package io.github.pooltune.autoconfigure.migration;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a Flyway migration that a too small pool cannot serve: refused before the
 * migration by {@link FlywayPoolCheck}, or, where that check did not run (a Flyway the
 * application builds itself), Flyway's second borrow timed out on a pool of one. Names
 * the rule and the setting to change. Loaded without Flyway on the classpath too, so it
 * knows Flyway's exceptions by name only.
 *
 * @author pooltune
 */
final class PoolTooSmallForFlywayFailureAnalyzer implements FailureAnalyzer {

	/** HikariCP's borrow timeout: "… request timed out after 30001ms (total=1, active=1, …)". */
	private static final Pattern POOL_TIMEOUT = Pattern
		.compile("^(.+) - Connection is not available, request timed out after (\\d+)ms \\(total=(\\d+),");

	private static final String ACTION = """
			Let the pool open at least %1$d connections: pool-size + max-overflow must be at least %1$d, for \
			example DB_MAX_OVERFLOW=1 (db.max-overflow=1); the second connection is an overflow one, closed again \
			once idle. Or set spring.flyway.postgresql.transactional-lock=false: Flyway then migrates on its one \
			connection, under a session-level advisory lock.""".formatted(FlywayPoolCheck.CONNECTIONS_NEEDED);

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		PoolTooSmallForFlywayException refused = find(failure, PoolTooSmallForFlywayException.class);
		if (refused != null) {
			PoolTooSmallForFlywayException.Pool pool = refused.getPool();
			String description = String.format("Flyway needs %d connections at once, and pool '%s' opens at most %d "
					+ "(%s). Flyway holds one connection for its lock and asks for a second on the same thread to "
					+ "migrate: that borrow would wait DB_POOL_TIMEOUT (%s) and fail, so start-up stops here instead.",
					FlywayPoolCheck.CONNECTIONS_NEEDED, pool.name(), pool.maximumPoolSize(), pool.sizing(),
					seconds(pool.poolTimeout()));
			return new FailureAnalysis(description, ACTION, failure);
		}
		Matcher timeout = flywayBorrowTimeout(failure);
		if (timeout != null) {
			String description = String.format("Flyway needs %d connections at once, and pool '%s' had only %s. "
					+ "Flyway holds one connection for its lock and asked for a second on the same thread to "
					+ "migrate: that borrow waited %s ms (DB_POOL_TIMEOUT) and failed.",
					FlywayPoolCheck.CONNECTIONS_NEEDED, timeout.group(1), timeout.group(3), timeout.group(2));
			return new FailureAnalysis(description, ACTION, failure);
		}
		return null;
	}

	/**
	 * A borrow that timed out inside Flyway on a pool holding fewer connections than
	 * Flyway needs, with no failure to open one (that is the database's problem, not the
	 * pool size's); {@code null} otherwise.
	 */
	private static @Nullable Matcher flywayBorrowTimeout(Throwable failure) {
		if (!isFromFlyway(failure)) {
			return null;
		}
		SQLTransientConnectionException timeout = find(failure, SQLTransientConnectionException.class);
		if (timeout == null || timeout.getSQLState() != null || timeout.getCause() != null
				|| timeout.getMessage() == null) {
			return null;
		}
		Matcher matcher = POOL_TIMEOUT.matcher(timeout.getMessage());
		return (matcher.find() && Integer.parseInt(matcher.group(3)) < FlywayPoolCheck.CONNECTIONS_NEEDED) ? matcher
				: null;
	}

	private static String seconds(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	private static boolean isFromFlyway(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getName().startsWith("org.flywaydb.")) {
				return true;
			}
		}
		return false;
	}

	private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
