package io.github.pooltune.autoconfigure.endpoint;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

import io.github.pooltune.autoconfigure.capacity.CapacityCheck;
import io.github.pooltune.autoconfigure.capacity.CapacityReport;
import io.github.pooltune.autoconfigure.capacity.Demand;
import io.github.pooltune.autoconfigure.capacity.DemandSampler;
import io.github.pooltune.autoconfigure.capacity.FleetBudget;
import io.github.pooltune.autoconfigure.capacity.RdsInstanceClass;
import io.github.pooltune.autoconfigure.capacity.ServerCapacity;
import io.github.pooltune.autoconfigure.settings.PoolSettings;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * The {@code capacity} section of the {@code pooltune} endpoint: the last capacity check
 * of each pool with the measured demand, and the what-if plan for a number of instances,
 * on the live server or on an RDS instance class.
 *
 * @author pooltune
 */
public final class CapacitySection {

	private final PoolSettings settings;

	private final Map<String, HikariDataSource> pools;

	private final CapacityCheck check;

	private final DemandSampler demand;

	CapacitySection(PoolSettings settings, Map<String, HikariDataSource> pools, CapacityCheck check,
			DemandSampler demand) {
		this.settings = settings;
		this.pools = pools;
		this.check = check;
		this.demand = demand;
	}

	/** What the last checks found, without touching the database. */
	Map<String, CapacityDescriptor> lastChecks() {
		Map<String, CapacityDescriptor> capacity = new LinkedHashMap<>();
		Map<String, CapacityReport> reports = (this.check != null) ? this.check.reports() : Map.of();
		this.pools.keySet().forEach((name) -> {
			CapacityReport report = reports.get(name);
			Demand measured = (this.demand != null) ? this.demand.demand(name) : null;
			capacity.put(name, (report != null) ? CapacityDescriptor.of(report, measured)
					: new CapacityDescriptor(null, null, List.of(), measured));
		});
		return capacity;
	}

	/** The largest safe sizes for {@code instances}, on each pool's server read now or on an RDS class. */
	Map<String, PlanDescriptor> plan(Integer instances, String instanceClass) {
		int count = (instances != null) ? instances : this.settings.instances().value();
		if (count < 1 || count > 1000) {
			throw new InvalidEndpointRequestException("instances must be from 1 to 1000, not " + count,
					"instances out of range");
		}
		if (instanceClass != null) {
			RdsInstanceClass rds = RdsInstanceClass.named(instanceClass);
			if (rds == null) {
				throw new InvalidEndpointRequestException("Unknown instance class '" + instanceClass + "'; known: "
						+ RdsInstanceClass.names(), "unknown instance class");
			}
			return Map.of(rds.className(), PlanDescriptor.of(budget(rds.asServer()), count, rds));
		}
		if (this.check == null) {
			throw new InvalidEndpointRequestException("The capacity check is not available; plan with ?instanceClass=",
					"capacity check not available");
		}
		Map<String, PlanDescriptor> plans = new LinkedHashMap<>();
		this.pools.forEach((name, pool) -> plans.put(name, PlanDescriptor.of(read(name, pool).budget(), count, null)));
		return plans;
	}

	private CapacityReport read(String name, HikariDataSource pool) {
		try {
			return this.check.check(name, pool);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the database's limits for pool '" + name + "': "
					+ ex.getMessage(), ex);
		}
	}

	private FleetBudget budget(ServerCapacity server) {
		return new FleetBudget(this.settings.instances().value(), this.settings.poolSize().value(),
				this.settings.maxOverflow().value(), this.settings.reservedConnections().value(), server);
	}

	/** One pool's last check and measured demand. */
	public record CapacityDescriptor(ServerDescriptor server, FleetDescriptor fleet, List<String> problems, Demand demand) {

		static CapacityDescriptor of(CapacityReport report, Demand demand) {
			return new CapacityDescriptor(ServerDescriptor.of(report.server()), FleetDescriptor.of(report.budget()),
					report.problems(), demand);
		}

	}

	/** The server's limits and who is connected, as last read. */
	public record ServerDescriptor(int maxConnections, int superuserReservedConnections, int reservedConnections, int usable,
			String role, boolean superuser, int roleConnectionLimit, String database, int databaseConnectionLimit,
			String applicationName, int liveInstances, int ownConnections, int otherConnections,
			Map<String, Integer> connectionsByApplication, Instant readAt) {

		static ServerDescriptor of(ServerCapacity server) {
			return new ServerDescriptor(server.maxConnections(), server.superuserReserved(),
					server.reservedConnections(), server.usable(), server.role(), server.superuser(),
					server.roleLimit(), server.database(), server.databaseLimit(), server.applicationName(),
					server.liveInstances(), server.ownConnections(), server.otherConnections(),
					server.connectionsByApplication(), server.readAt());
		}

	}

	/** The fleet against the server: its maximum, the budget and what is left. */
	public record FleetDescriptor(int instances, int poolSize, int maxOverflow, int reservedConnections, int fleetMaximum,
			int budget, int headroom, int liveHeadroom, String formula) {

		static FleetDescriptor of(FleetBudget budget) {
			String formula = String.format("%d × (%d + %d) + %d reserved ≤ %d usable", budget.instances(),
					budget.poolSize(), budget.maxOverflow(), budget.reserved(), budget.server().usable());
			return new FleetDescriptor(budget.instances(), budget.poolSize(), budget.maxOverflow(), budget.reserved(),
					budget.fleetMaximum(), budget.budget(), budget.headroom(), budget.liveHeadroom(), formula);
		}

	}

	/** The what-if answer: the budget for that many instances and the largest safe sizes. */
	public record PlanDescriptor(int instances, int maxConnections, int usable, int reservedConnections, int budget,
			int perInstance, int poolSize, int maxOverflow, Integer rdsFormulaMaxConnections,
			Integer rdsPublishedMaxConnections) {

		static PlanDescriptor of(FleetBudget budget, int instances, RdsInstanceClass rds) {
			FleetBudget.SafeSizes safe = budget.safeSizes(instances);
			return new PlanDescriptor(instances, budget.server().maxConnections(), budget.server().usable(),
					budget.reserved(), safe.budget(), safe.perInstance(), safe.poolSize(), safe.maxOverflow(),
					(rds != null) ? rds.formulaMaxConnections() : null, (rds != null) ? rds.publishedFigure() : null);
		}

	}

}
