package io.github.pooltune.autoconfigure.diagnostics;

import java.util.List;
import java.util.function.ToIntBiFunction;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.pooltune.autoconfigure.metrics.MetersTracker;
import io.github.pooltune.autoconfigure.metrics.PoolMeterNames;
import io.github.pooltune.autoconfigure.metrics.PoolTrackerContributor;

import org.springframework.beans.factory.ObjectProvider;

/**
 * A gauge per pool, tagged with the pool, that reads a check's last result: registered
 * when the pool starts, when HikariCP has named it, so a scrape never needs a connection.
 *
 * @param <C> the check the gauge reads
 * @author pooltune
 */
final class PoolGauge<C> implements PoolTrackerContributor {

	/**
	 * {@code db_pool_checked_out_idle_connections}: next to
	 * {@code db_pool_checked_out_connections} it tells a pool too small from one whose
	 * connections are held idle.
	 */
	static final String IDLE_HOLDERS = "db.pool.checked.out.idle.connections";

	static final String IDLE_IN_TRANSACTION = "db.pool.idle.in.transaction.connections";

	private final String name;

	private final String description;

	private final C check;

	private final ToIntBiFunction<C, String> value;

	private final ObjectProvider<MeterRegistry> registry;

	private PoolGauge(String name, String description, C check, ToIntBiFunction<C, String> value,
			ObjectProvider<MeterRegistry> registry) {
		this.name = name;
		this.description = description;
		this.check = check;
		this.value = value;
		this.registry = registry;
	}

	/** The pool's connections checked out while their server sessions were idle, at the last look. */
	static PoolGauge<IdleHolderCheck> idleHolders(IdleHolderCheck check, ObjectProvider<MeterRegistry> registry) {
		return new PoolGauge<>(IDLE_HOLDERS,
				"Checked-out connections whose server sessions were idle (no statement, no transaction), "
						+ "at the last look",
				check, IdleHolderCheck::idleCheckedOut, registry);
	}

	/** This instance's sessions idle in a transaction longer than {@code idle-in-transaction-warn}. */
	static PoolGauge<SessionCheck> idleInTransaction(SessionCheck sessions, ObjectProvider<MeterRegistry> registry) {
		return new PoolGauge<>(IDLE_IN_TRANSACTION,
				"Sessions idle in a transaction longer than idle-in-transaction-warn, at the last check", sessions,
				SessionCheck::idleInTransaction, registry);
	}

	@Override
	public IMetricsTracker create(String poolName, HikariDataSource dataSource) {
		return MetersTracker.of(this.registry,
				(meterRegistry) -> List.of(Gauge
					.builder(this.name, this.check, (check) -> this.value.applyAsInt(check, poolName))
					.description(this.description)
					.tag(PoolMeterNames.POOL_TAG, poolName)
					.register(meterRegistry)));
	}

}
