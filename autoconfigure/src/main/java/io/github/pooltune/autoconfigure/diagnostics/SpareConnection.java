package io.github.pooltune.autoconfigure.diagnostics;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.pool.ShortBorrow;

/**
 * A pool connection for pooltune's own checks, always through {@link ShortBorrow}: only
 * when one is spare (the pool has started and holds an idle connection, and the borrow
 * waits a second at most), so that a check never queues behind the application's
 * requests for a busy pool; or, for the few checks that must have one, waiting for a
 * bounded time. Public for the checks in other packages, not an API.
 *
 * @author pooltune
 */
public final class SpareConnection {

	static final Duration WAIT = Duration.ofSeconds(1);

	private SpareConnection() {
	}

	/**
	 * A connection even when none is idle now, waiting a second at most behind the
	 * application's requests, or {@code null} when the pool has not started: for a check
	 * that must see the pool once (which server it reaches, before a failover can hide it).
	 */
	public static @Nullable Connection borrowOnce(HikariDataSource dataSource) throws SQLException {
		return borrowWithin(dataSource, WAIT);
	}

	/**
	 * A connection even when none is idle now, waiting at most {@code wait} in the queue
	 * of the application's requests, or {@code null} when the pool has not started: for a
	 * check whose answer matters most when the pool is busiest (the autopilot).
	 */
	public static @Nullable Connection borrowWithin(HikariDataSource dataSource, Duration wait) throws SQLException {
		if (!(dataSource.getHikariPoolMXBean() instanceof HikariPool pool)) {
			return null;
		}
		return ShortBorrow.of(pool, wait.toMillis());
	}

	/**
	 * A connection, waiting as long as an application's borrow (the pool's timeout), and
	 * starting the pool when it has not started: for a check that must have one (the
	 * capacity check, the PgBouncer check). Once the pool runs it is pooltune's own borrow
	 * ({@link ShortBorrow}), so that its wait is not shown as the application's and its
	 * timeout is not taken for the application's exhaustion.
	 */
	public static Connection borrowAsTheApplication(HikariDataSource dataSource) throws SQLException {
		return (dataSource.getHikariPoolMXBean() instanceof HikariPool pool)
				? ShortBorrow.of(pool, dataSource.getConnectionTimeout()) : dataSource.getConnection();
	}

	/** A connection, or {@code null} when none is spare now. */
	public static @Nullable Connection borrow(HikariDataSource dataSource) throws SQLException {
		if (!(dataSource.getHikariPoolMXBean() instanceof HikariPool pool) || pool.getIdleConnections() == 0) {
			return null;
		}
		return ShortBorrow.of(pool, WAIT.toMillis());
	}

}
