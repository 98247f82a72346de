package io.github.pooltune.autoconfigure.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.pooltune.pool.PoolSnapshot;

/**
 * Pool events at DEBUG under one logger, {@value #LOGGER_NAME}: connection opened and
 * borrow timed out, from HikariCP's tracker callbacks, which happen off the fast path
 * (a connection is opened by HikariCP's adder thread; a timeout ends a slow borrow).
 * pooltune's diagnostics add the closed connections, with why, under the same logger.
 *
 * @author pooltune
 */
final class PoolEvents implements IMetricsTracker {

	static final String LOGGER_NAME = "io.github.pooltune.pool";

	private static final Log logger = LogFactory.getLog(LOGGER_NAME);

	private final String poolName;

	private final HikariDataSource dataSource;

	PoolEvents(String poolName, HikariDataSource dataSource) {
		this.poolName = poolName;
		this.dataSource = dataSource;
	}

	@Override
	public void recordConnectionCreatedMillis(long connectionCreatedMillis) {
		if (logger.isDebugEnabled()) {
			PoolSnapshot pool = PoolSnapshot.of(this.dataSource);
			logger.debug(String.format("%s - connection opened in %d ms (%d open of at most %d)", this.poolName,
					connectionCreatedMillis, pool.totalConnections() + 1, pool.maxConnections()));
		}
	}

	@Override
	public void recordConnectionTimeout() {
		if (logger.isDebugEnabled()) {
			PoolSnapshot pool = PoolSnapshot.of(this.dataSource);
			logger.debug(String.format("%s - borrow timed out after %d ms: %d of %d connections in use, %d waiting",
					this.poolName, this.dataSource.getConnectionTimeout(), pool.checkedOut(), pool.maxConnections(),
					pool.waiting()));
		}
	}

}
