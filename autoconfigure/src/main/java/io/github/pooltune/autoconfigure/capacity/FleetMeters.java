package io.github.pooltune.autoconfigure.capacity;

import java.util.List;
import java.util.function.ToDoubleFunction;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.pooltune.autoconfigure.metrics.MetersTracker;
import io.github.pooltune.autoconfigure.metrics.PoolMeterNames;
import io.github.pooltune.autoconfigure.metrics.PoolTrackerContributor;
import io.github.pooltune.capacity.CapacityReport;
import io.github.pooltune.capacity.CapacityReports;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The fleet as the last capacity check saw it, tagged with the pool like the pool's own
 * meters: {@code db_fleet_instances}, the live instances of the service on the pool's
 * server, and {@code db_fleet_headroom_connections}, the usable slots left with the fleet
 * at its maximum and the reserve kept (negative: the fleet does not fit). Both read the
 * check's last result, so a scrape never needs a connection; they are NaN until the first
 * check. Registered when the pool starts, when HikariCP has named it.
 *
 * @author pooltune
 */
final class FleetMeters implements PoolTrackerContributor {

	static final String INSTANCES = "db.fleet.instances";

	static final String HEADROOM = "db.fleet.headroom.connections";

	private final ObjectProvider<CapacityReports> reports;

	private final ObjectProvider<MeterRegistry> registry;

	FleetMeters(ObjectProvider<CapacityReports> reports, ObjectProvider<MeterRegistry> registry) {
		this.reports = reports;
		this.registry = registry;
	}

	@Override
	public IMetricsTracker create(String poolName, HikariDataSource dataSource) {
		return MetersTracker.of(this.registry, (meterRegistry) -> List.of(
				gauge(meterRegistry, INSTANCES, "Live instances of this service on the pool's server, at the last "
						+ "capacity check", poolName, (report) -> report.live().instances()),
				gauge(meterRegistry, HEADROOM, "Usable connection slots left with the fleet at its maximum and the "
						+ "reserve kept, at the last capacity check; negative when the fleet does not fit", poolName,
						(report) -> report.budget().headroom())));
	}

	private Gauge gauge(MeterRegistry registry, String name, String description, String poolName,
			ToDoubleFunction<CapacityReport> value) {
		return Gauge.builder(name, this, (meters) -> meters.value(poolName, value))
			.description(description)
			.tag(PoolMeterNames.POOL_TAG, poolName)
			.register(registry);
	}

	private double value(String poolName, ToDoubleFunction<CapacityReport> value) {
		CapacityReports reports = this.reports.getIfUnique();
		CapacityReport report = (reports != null) ? reports.lastReport(poolName) : null;
		return (report != null) ? value.applyAsDouble(report) : Double.NaN;
	}

}
