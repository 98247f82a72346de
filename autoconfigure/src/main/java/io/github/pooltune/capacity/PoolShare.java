package io.github.pooltune.capacity;

import java.util.Locale;

import com.zaxxer.hikari.HikariDataSource;

import io.github.pooltune.pool.PoolSnapshot;
import io.github.pooltune.autoconfigure.hikari.PoolTuning;

/**
 * One pool's part of the connections an instance may open, as the capacity check counts
 * it: pool-size + max-overflow of a tuned pool, HikariCP's minimumIdle and
 * maximumPoolSize of a pool that keeps the application's settings.
 *
 * @param pool the pool's bean name
 * @param poolSize connections kept open (HikariCP's minimumIdle)
 * @param maxOverflow extra connections under load (maximumPoolSize − minimumIdle)
 * @param settings the settings that size it ({@code db.*}, {@code db.pools.audit.*}), or
 * {@code null} when the application sizes it
 * @param connection what the server says about the pool's own connection, its role and
 * database and their limits; {@code null} when it is not known apart from the budget's
 * server
 * @author pooltune
 */
public record PoolShare(String pool, int poolSize, int maxOverflow, String settings, ServerCapacity connection) {

	/** The share of a pool, with its sizes as it runs now (a resize through the MXBean shows). */
	public static PoolShare of(String name, HikariDataSource pool, PoolTuning tuning, ServerCapacity connection) {
		PoolSnapshot snapshot = PoolSnapshot.of(pool);
		return new PoolShare(name, snapshot.poolSize(), snapshot.maxOverflow(), tuning.tunedBy(), connection);
	}

	/** The most connections the pool may open. */
	public int maxConnections() {
		return this.poolSize + this.maxOverflow;
	}

	/** Whether pooltune's settings size it. */
	public boolean tuned() {
		return this.settings != null;
	}

	/**
	 * The environment variable of one of its sizes: {@code DB_MAX_OVERFLOW},
	 * {@code DB_POOLS_AUDIT_MAX_OVERFLOW}.
	 * @param key the setting's key: {@code max-overflow}
	 */
	String variable(String key) {
		String prefix = this.settings.substring(0, this.settings.length() - 1);
		return (prefix + key).replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
	}

	/** The sizes as the formula shows them: {@code (5 + 10)}. */
	String sizes() {
		return "(" + this.poolSize + " + " + this.maxOverflow + ")";
	}

}
