package io.github.pooltune.autoconfigure.metrics;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The one {@link MetricsTrackerFactory} HikariCP takes, composed: the factory the pool
 * already had (or Spring Boot's Micrometer one, so {@code hikaricp_*} stay exactly as
 * they are), pooltune's {@code db_pool_*} meters, the DEBUG pool events, and the trackers
 * of other parts of pooltune ({@link PoolTrackerContributor}). The meter registry and the
 * contributors are looked up when the pool starts, not when the bean is created.
 *
 * @author pooltune
 */
final class PoolMetricsTrackerFactory implements MetricsTrackerFactory {

	private final HikariDataSource dataSource;

	private final MetricsTrackerFactory existing;

	private final ObjectProvider<MeterRegistry> registry;

	private final ObjectProvider<PoolTrackerContributor> contributors;

	PoolMetricsTrackerFactory(HikariDataSource dataSource, MetricsTrackerFactory existing,
			ObjectProvider<MeterRegistry> registry, ObjectProvider<PoolTrackerContributor> contributors) {
		this.dataSource = dataSource;
		this.existing = existing;
		this.registry = registry;
		this.contributors = contributors;
	}

	@Override
	public IMetricsTracker create(String poolName, PoolStats poolStats) {
		MeterRegistry meterRegistry = this.registry.getIfAvailable();
		List<IMetricsTracker> trackers = new ArrayList<>(3);
		if (this.existing != null) {
			trackers.add(this.existing.create(poolName, poolStats));
		}
		else if (meterRegistry != null) {
			trackers.add(new MicrometerMetricsTrackerFactory(meterRegistry).create(poolName, poolStats));
		}
		if (meterRegistry != null) {
			trackers.add(new PoolMeters(meterRegistry, poolName, this.dataSource));
		}
		trackers.add(new PoolEvents(poolName, this.dataSource));
		this.contributors.orderedStream().forEach((contributor) -> trackers.add(contributor.create(poolName, this.dataSource)));
		return new CompositeMetricsTracker(trackers);
	}

	MetricsTrackerFactory getExisting() {
		return this.existing;
	}

}
