package io.github.pooltune.autoconfigure.diagnostics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.pooltune.autoconfigure.metrics.PoolMeterNames;
import io.github.pooltune.autoconfigure.metrics.PoolTrackerContributor;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts each refused attempt to open a connection ({@code db.pool.connections.refused},
 * tagged {@code pool} and {@code sqlstate}), and tells {@link ConnectionFailures} when a
 * pool opens one again (HikariCP's connection-created callback, once per physical
 * connection, never per borrow), so a refusal ends as soon as it is over.
 *
 * @author pooltune
 */
final class RefusedConnectionsMetrics implements PoolTrackerContributor {

	static final String REFUSED = "db.pool.connections.refused";

	private final ConnectionFailures failures;

	RefusedConnectionsMetrics(ConnectionFailures failures, ObjectProvider<MeterRegistry> registry) {
		this.failures = failures;
		failures.onFailure((pool, failure) -> {
			MeterRegistry meterRegistry = registry.getIfAvailable();
			if (meterRegistry != null) {
				Counter.builder(REFUSED)
					.description("Attempts to open a connection that failed, by the server's SQLState")
					.tag(PoolMeterNames.POOL_TAG, pool)
					.tag("sqlstate", failure.sqlState())
					.register(meterRegistry)
					.increment();
			}
		});
	}

	@Override
	public IMetricsTracker create(String poolName, HikariDataSource dataSource) {
		return new IMetricsTracker() {

			@Override
			public void recordConnectionCreatedMillis(long connectionCreatedMillis) {
				RefusedConnectionsMetrics.this.failures.opened(poolName);
			}

		};
	}

}
