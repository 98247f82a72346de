package io.github.pooltune.pool;

import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

/**
 * A pool's state in SQLAlchemy's words, read from HikariCP's MXBeans: never borrows a
 * connection, so it answers at once even when the pool is exhausted. Sizes come from the
 * running configuration, so a resize through the MXBean shows.
 *
 * @param started whether the pool has opened (HikariCP starts it on first use)
 * @param poolSize connections kept open (pool-size, HikariCP's minimumIdle)
 * @param maxOverflow extra connections allowed (maximumPoolSize - minimumIdle)
 * @param checkedOut connections in use
 * @param available idle connections in the pool
 * @param overflow overflow connections in use: in use beyond pool-size, SQLAlchemy's
 * {@code overflow()}. Not the connections open beyond pool-size: HikariCP keeps pool-size
 * connections idle on top of the busy ones, so those follow the load from the first borrow
 * @param totalConnections open connections
 * @param waiting the application's threads waiting for a connection (HikariCP's count
 * less pooltune's own checks)
 * @param utilization checkedOut / (poolSize + maxOverflow), from 0 to 1
 * @author pooltune
 */
public record PoolSnapshot(boolean started, int poolSize, int maxOverflow, int checkedOut, int available, int overflow,
		int totalConnections, int waiting, double utilization) {

	/** Reads the pool now. */
	public static PoolSnapshot of(HikariDataSource dataSource) {
		HikariConfigMXBean config = dataSource.getHikariConfigMXBean();
		int poolSize = minimumIdle(config);
		int maximum = config.getMaximumPoolSize();
		HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
		if (pool == null) {
			return new PoolSnapshot(false, poolSize, maximum - poolSize, 0, 0, 0, 0, 0, 0);
		}
		int active = pool.getActiveConnections();
		int idle = pool.getIdleConnections();
		int total = pool.getTotalConnections();
		double utilization = (maximum > 0) ? Math.round(1000.0 * active / maximum) / 1000.0 : 0;
		return new PoolSnapshot(true, poolSize, maximum - poolSize, active, idle, Math.max(0, active - poolSize), total,
				waiting(pool), utilization);
	}

	/**
	 * The application's threads waiting for a connection: HikariCP's count less pooltune's
	 * own borrows ({@link ShortBorrow}), so that a check queueing on a busy pool is not
	 * shown, alerted on or sized for as the application's demand.
	 */
	public static int waiting(HikariPoolMXBean pool) {
		return Math.max(0, pool.getThreadsAwaitingConnection() - ShortBorrow.inProgress(pool));
	}

	/**
	 * The minimumIdle the pool runs with: before it starts, one the application left unset
	 * (-1), or set above maximumPoolSize, still reads as given; HikariCP makes it
	 * maximumPoolSize when the pool starts.
	 */
	public static int minimumIdle(HikariConfigMXBean config) {
		int minimumIdle = config.getMinimumIdle();
		int maximum = config.getMaximumPoolSize();
		return (minimumIdle < 0 || minimumIdle > maximum) ? maximum : minimumIdle;
	}

	/** The state under SQLAlchemy's names: pool_size, max_overflow, checked_out, … */
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("pool_size", this.poolSize);
		details.put("max_overflow", this.maxOverflow);
		details.put("checked_out", this.checkedOut);
		details.put("available", this.available);
		details.put("overflow", this.overflow);
		details.put("total_connections", this.totalConnections);
		details.put("waiting", this.waiting);
		details.put("utilization", this.utilization);
		if (!this.started) {
			details.put("started", false);
		}
		return details;
	}

	/** The most connections the pool may open. */
	public int maxConnections() {
		return this.poolSize + this.maxOverflow;
	}

}
