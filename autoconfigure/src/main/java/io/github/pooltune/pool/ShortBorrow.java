package io.github.pooltune.pool;

import java.sql.Connection;
import java.sql.SQLException;

import com.zaxxer.hikari.pool.HikariPool;

/**
 * A borrow of pooltune's own (the {@code db} health check, the background checks) that
 * waits at most a given time: a second for most, the pool's own timeout for the PgBouncer
 * check. HikariCP reports its timeout
 * through the same metrics-tracker call as an application's; {@link #inProgress()} tells
 * the two apart, so that pooltune's findings about an exhausted pool speak of the
 * application's borrows only. The mark is set on the borrowing thread, for the borrow's
 * length: nothing is added to the application's borrows.
 *
 * @author pooltune
 */
public final class ShortBorrow {

	private static final ThreadLocal<Boolean> IN_PROGRESS = new ThreadLocal<>();

	private ShortBorrow() {
	}

	/** A connection of the pool, waiting at most {@code timeoutMillis}. */
	public static Connection of(HikariPool pool, long timeoutMillis) throws SQLException {
		IN_PROGRESS.set(Boolean.TRUE);
		try {
			return pool.getConnection(timeoutMillis);
		}
		finally {
			IN_PROGRESS.remove();
		}
	}

	/** Whether the calling thread is in one of pooltune's own short borrows. */
	public static boolean inProgress() {
		return IN_PROGRESS.get() != null;
	}

}
