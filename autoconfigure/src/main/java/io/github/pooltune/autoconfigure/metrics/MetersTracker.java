package io.github.pooltune.autoconfigure.metrics;

import java.util.List;
import java.util.function.Function;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The tracker of a {@link PoolTrackerContributor} that only registers meters: it removes
 * them again when HikariCP closes the pool, and does nothing where there is no registry.
 *
 * @author pooltune
 */
public final class MetersTracker implements IMetricsTracker {

	private static final IMetricsTracker NONE = new IMetricsTracker() {
	};

	private final MeterRegistry registry;

	private final List<Meter> meters;

	private MetersTracker(MeterRegistry registry, List<Meter> meters) {
		this.registry = registry;
		this.meters = meters;
	}

	/** Registers the meters on the registry, if there is one, for the life of the pool. */
	public static IMetricsTracker of(ObjectProvider<MeterRegistry> registry,
			Function<MeterRegistry, List<? extends Meter>> meters) {
		MeterRegistry meterRegistry = registry.getIfAvailable();
		return (meterRegistry != null) ? new MetersTracker(meterRegistry, List.copyOf(meters.apply(meterRegistry)))
				: NONE;
	}

	@Override
	public void close() {
		this.meters.forEach(this.registry::remove);
	}

}
