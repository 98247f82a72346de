package io.github.pooltune.autoconfigure.metrics;

import java.util.List;
import java.util.function.ToDoubleFunction;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import io.github.pooltune.pool.PoolSnapshot;

/**
 * The SQLAlchemy pooling guide's pool metrics for one pool, tagged {@code pool} like
 * HikariCP's own: gauges read the pool's MXBean when scraped (a scrape never needs a
 * connection); the timeout counter is fed by HikariCP's timeout callback, off the borrow
 * fast path. How long connections are held is HikariCP's own
 * {@code hikaricp.connections.usage} timer: a second timer here would double the work on
 * every return.
 *
 * @author pooltune
 */
final class PoolMeters implements IMetricsTracker {

	private final MeterRegistry registry;

	private final List<Meter> meters;

	private final Counter timeouts;

	PoolMeters(MeterRegistry registry, String poolName, HikariDataSource dataSource) {
		this.registry = registry;
		Tags tags = Tags.of(PoolMeterNames.POOL_TAG, poolName);
		this.timeouts = Counter.builder(PoolMeterNames.TIMEOUTS)
			.description("Borrows that timed out waiting for a connection")
			.tags(tags)
			.register(registry);
		this.meters = List.of(this.timeouts,
				// A level, so a gauge: a counter would read 0 per step on step-based registries.
				gauge("db.pool.size.connections", "Connections kept open (pool-size)", tags, dataSource,
						PoolSnapshot::poolSize),
				gauge("db.pool.max.overflow.connections", "Extra connections allowed under load (max-overflow)", tags,
						dataSource, PoolSnapshot::maxOverflow),
				gauge("db.pool.checked.out.connections", "Connections in use", tags, dataSource,
						PoolSnapshot::checkedOut),
				gauge("db.pool.checked.in.connections", "Idle connections in the pool", tags, dataSource,
						PoolSnapshot::available),
				gauge("db.pool.overflow.connections", "Overflow connections in use: in use beyond pool-size", tags, dataSource,
						PoolSnapshot::overflow),
				gauge("db.pool.waiting.threads", "Threads waiting for a connection", tags, dataSource,
						PoolSnapshot::waiting),
				gauge("db.pool.utilization", "Connections in use / (pool-size + max-overflow)", tags, dataSource,
						PoolSnapshot::utilization));
	}

	private Gauge gauge(String name, String description, Tags tags, HikariDataSource dataSource,
			ToDoubleFunction<PoolSnapshot> value) {
		return Gauge.builder(name, dataSource, (pool) -> value.applyAsDouble(PoolSnapshot.of(pool)))
			.description(description)
			.tags(tags)
			.strongReference(false)
			.register(this.registry);
	}

	@Override
	public void recordConnectionTimeout() {
		this.timeouts.increment();
	}

	@Override
	public void close() {
		this.meters.forEach(this.registry::remove);
	}

}
