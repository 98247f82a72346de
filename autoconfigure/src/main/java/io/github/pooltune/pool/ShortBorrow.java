package io.github.pooltune.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;

/**
 * A borrow of pooltune's own (the {@code db} health check, the background checks) that
 * waits at most a given time: a second for most, one interval for the autopilot's read of
 * the server, the pool's own timeout for the capacity and PgBouncer checks. HikariCP
 * reports its timeout through the same metrics-tracker call as an application's; {@link #inProgress()} tells
 * the two apart, so that pooltune's findings about an exhausted pool speak of the
 * application's borrows only, and {@link #inProgress(HikariPoolMXBean)} keeps them out of
 * the threads a pool shows as waiting. The marks are set by the borrowing thread, for the
 * borrow's length: nothing is added to the application's borrows.
 *
 * @author pooltune
 */
public final class ShortBorrow {

	private static final ThreadLocal<Boolean> IN_PROGRESS = new ThreadLocal<>();

	/** pooltune's own borrows in progress, by pool; a pool's entry goes with its last borrow. */
	private static final Map<HikariPoolMXBean, Integer> IN_PROGRESS_BY_POOL = new ConcurrentHashMap<>();

	private ShortBorrow() {
	}

	/** A connection of the pool, waiting at most {@code timeoutMillis}. */
	public static Connection of(HikariPool pool, long timeoutMillis) throws SQLException {
		IN_PROGRESS.set(Boolean.TRUE);
		IN_PROGRESS_BY_POOL.merge(pool, 1, Integer::sum);
		try {
			return pool.getConnection(timeoutMillis);
		}
		finally {
			IN_PROGRESS_BY_POOL.computeIfPresent(pool, (key, count) -> (count > 1) ? count - 1 : null);
			IN_PROGRESS.remove();
		}
	}

	/**
	 * How many of pooltune's own borrows of the pool are in progress: HikariCP counts them
	 * among its waiting threads while the pool has no idle connection.
	 */
	public static int inProgress(HikariPoolMXBean pool) {
		return IN_PROGRESS_BY_POOL.getOrDefault(pool, 0);
	}

	/** Whether the calling thread is in one of pooltune's own short borrows. */
	public static boolean inProgress() {
		return IN_PROGRESS.get() != null;
	}

}
