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
 * {@code db_pool_checked_out_idle_connections}: the pool's connections checked out while
 * their server sessions were idle (no statement, no transaction) at the last look of the
 * {@link IdleHolderCheck}, tagged with the pool. Next to {@code db_pool_checked_out_connections}
 * it tells a pool too small from one whose connections are held idle. Read from the check's
 * result, so a scrape never needs a connection.
 *
 * @author pooltune
 */
class IdleHolderMetrics implements PoolTrackerContributor {

	static final String NAME = "db.pool.checked.out.idle.connections";

	private final IdleHolderCheck check;

	private final ObjectProvider<MeterRegistry> registry;

	IdleHolderMetrics(IdleHolderCheck check, ObjectProvider<MeterRegistry> registry) {
		this.check = check;
		this.registry = registry;
	}

	@Override
	public IMetricsTracker create(String poolName, HikariDataSource dataSource) {
		return MetersTracker.of(this.registry, (meterRegistry) -> List.of(Gauge
			.builder(NAME, this.check, (check) -> check.idleCheckedOut(poolName))
			.description("Checked-out connections whose server sessions were idle (no statement, no transaction), "
					+ "at the last look")
			.tag(PoolMeterNames.POOL_TAG, poolName)
			.register(meterRegistry)));
	}

}
