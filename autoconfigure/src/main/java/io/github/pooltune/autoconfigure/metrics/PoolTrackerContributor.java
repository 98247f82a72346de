package io.github.pooltune.autoconfigure.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;

/**
 * A further tracker for pooltune's composed {@code MetricsTrackerFactory}: beans of this
 * type get HikariCP's tracker callbacks for each pool, next to the metrics. The callbacks
 * run on HikariCP's own schedule; a tracker must do nothing slow in
 * {@code recordConnectionAcquiredNanos} or {@code recordConnectionUsageMillis}, which run
 * on every borrow and return.
 *
 * @author pooltune
 */
@FunctionalInterface
public interface PoolTrackerContributor {

	/** The tracker for a pool that is starting. */
	IMetricsTracker create(String poolName, HikariDataSource dataSource);

}
