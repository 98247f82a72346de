package io.github.pooltune.autoconfigure.autosize;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Changes a running pool's maximum through HikariCP's own {@code HikariConfigMXBean}, the
 * one runtime hook it offers: a higher maximum lets HikariCP open connections for the
 * threads that wait; a lower one stops it opening more, and HikariCP retires the idle
 * connections beyond pool-size after its idleTimeout.
 *
 * @author pooltune
 */
final class RunningMaximum {

	private RunningMaximum() {
	}

	/** The maximum the pool runs with now. */
	static int of(HikariDataSource pool) {
		return pool.getHikariConfigMXBean().getMaximumPoolSize();
	}

	/** Sets it; never below the pool's minimumIdle, which the caller's floor (pool-size) already is. */
	static void set(HikariDataSource pool, int maximum) {
		pool.getHikariConfigMXBean().setMaximumPoolSize(maximum);
	}

	/**
	 * HikariCP's soft eviction ({@code HikariPoolMXBean#softEvictConnections}): idle
	 * connections close now, busy ones when they are returned; HikariCP opens new ones
	 * within the maximum as they are asked for. Its only way to give slots back at once.
	 */
	static void closeOpenConnections(HikariDataSource pool) {
		if (pool.getHikariPoolMXBean() != null) {
			pool.getHikariPoolMXBean().softEvictConnections();
		}
	}

}
