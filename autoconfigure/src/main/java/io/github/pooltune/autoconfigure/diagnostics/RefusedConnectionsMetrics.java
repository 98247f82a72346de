package io.github.pooltune.autoconfigure.diagnostics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.pooltune.autoconfigure.metrics.PoolMeterNames;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts each refused attempt to open a connection ({@code db.pool.connections.refused},
 * tagged {@code pool} and {@code sqlstate}).
 *
 * @author pooltune
 */
final class RefusedConnectionsMetrics {

	static final String REFUSED = "db.pool.connections.refused";

	RefusedConnectionsMetrics(ConnectionFailures failures, ObjectProvider<MeterRegistry> registry) {
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

}
