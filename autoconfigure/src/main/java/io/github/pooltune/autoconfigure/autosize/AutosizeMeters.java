package io.github.pooltune.autoconfigure.autosize;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.pooltune.autoconfigure.hikari.PoolTuning;
import io.github.pooltune.autoconfigure.hikari.PoolTunings;
import io.github.pooltune.autoconfigure.metrics.MetersTracker;
import io.github.pooltune.autoconfigure.metrics.PoolMeterNames;
import io.github.pooltune.autoconfigure.metrics.PoolTrackerContributor;
import io.github.pooltune.autoconfigure.settings.AutosizeMode;
import io.github.pooltune.capacity.AutosizeDecision.Direction;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The autopilot's meters of each pool it sizes, tagged with the pool like the pool's own:
 * {@code db_pool_autosize_maximum_connections}, the maximum the pool runs with now, and
 * {@code db_pool_autosize_changes_total{direction="up"|"down"}}, the changes made (with
 * {@code advise}: advised). Registered when the pool starts; a scrape reads the MXBean
 * and the autopilot's counts, never a connection.
 *
 * @author pooltune
 */
final class AutosizeMeters implements PoolTrackerContributor {

	static final String MAXIMUM = "db.pool.autosize.maximum.connections";

	static final String CHANGES = "db.pool.autosize.changes";

	private final ObjectProvider<Autopilot> autopilot;

	private final ObjectProvider<PoolTunings> tunings;

	private final ObjectProvider<MeterRegistry> registry;

	AutosizeMeters(ObjectProvider<Autopilot> autopilot, ObjectProvider<PoolTunings> tunings,
			ObjectProvider<MeterRegistry> registry) {
		this.autopilot = autopilot;
		this.tunings = tunings;
		this.registry = registry;
	}

	@Override
	public IMetricsTracker create(String poolName, HikariDataSource dataSource) {
		return MetersTracker.of(this.registry, (meterRegistry) -> {
			List<Meter> meters = new ArrayList<>();
			// The pool starts while the context is still being built: only the tunings are
			// read now (HikariCP's pool name is the bean name unless the application named
			// it), the autopilot when a meter is read.
			PoolTunings tunings = this.tunings.getIfAvailable();
			PoolTuning tuning = (tunings != null) ? tunings.get(poolName) : null;
			if (tuning == null || tuning.autosize() == AutosizeMode.OFF) {
				return meters;
			}
			String bean = tuning.pool();
			meters.add(Gauge.builder(MAXIMUM, dataSource, RunningMaximum::of)
				.description("The maximum the pool runs with now, as the autopilot left it")
				.tag(PoolMeterNames.POOL_TAG, poolName)
				.register(meterRegistry));
			for (Direction direction : List.of(Direction.UP, Direction.DOWN)) {
				meters.add(FunctionCounter.builder(CHANGES, this.autopilot, (autopilot) -> changes(autopilot, bean, direction))
					.description("Changes of the pool's maximum by the autopilot (advised ones with advise)")
					.tag(PoolMeterNames.POOL_TAG, poolName)
					.tag("direction", direction.value())
					.register(meterRegistry));
			}
			return meters;
		});
	}

	private static double changes(ObjectProvider<Autopilot> autopilot, String pool, Direction direction) {
		Autopilot counting = autopilot.getIfAvailable();
		return (counting != null) ? counting.changes(pool, direction) : 0;
	}

}
