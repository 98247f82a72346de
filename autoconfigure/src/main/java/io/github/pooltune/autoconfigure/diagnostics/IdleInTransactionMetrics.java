package io.github.pooltune.autoconfigure.diagnostics;

import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.pooltune.autoconfigure.metrics.MetersTracker;
import io.github.pooltune.autoconfigure.metrics.PoolMeterNames;
import io.github.pooltune.autoconfigure.metrics.PoolTrackerContributor;

import org.springframework.beans.factory.ObjectProvider;

/**
 * {@code db_pool_idle_in_transaction_connections}: this instance's sessions the last
 * session check saw idle in a transaction for longer than
 * {@code idle-in-transaction-warn}, tagged with the pool. Registered when the pool starts,
 * when HikariCP has named it; read from the check's result, so a scrape never needs a
 * connection.
 *
 * @author pooltune
 */
class IdleInTransactionMetrics implements PoolTrackerContributor {

	private final SessionCheck sessions;

	private final ObjectProvider<MeterRegistry> registry;

	IdleInTransactionMetrics(SessionCheck sessions, ObjectProvider<MeterRegistry> registry) {
		this.sessions = sessions;
		this.registry = registry;
	}

	@Override
	public IMetricsTracker create(String poolName, HikariDataSource dataSource) {
		return MetersTracker.of(this.registry, (meterRegistry) -> List.of(Gauge
			.builder("db.pool.idle.in.transaction.connections", this.sessions,
					(sessions) -> sessions.idleInTransaction(poolName))
			.description("Sessions idle in a transaction longer than idle-in-transaction-warn, at the last check")
			.tag(PoolMeterNames.POOL_TAG, poolName)
			.register(meterRegistry)));
	}

}
