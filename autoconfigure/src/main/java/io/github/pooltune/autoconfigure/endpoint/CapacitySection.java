package io.github.pooltune.autoconfigure.endpoint;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.capacity.CapacityCheck;
import io.github.pooltune.autoconfigure.capacity.DemandSampler;
import io.github.pooltune.autoconfigure.hikari.TunedPools;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.Setting;
import io.github.pooltune.capacity.CapacityReport;
import io.github.pooltune.capacity.Demand;
import io.github.pooltune.capacity.FleetBudget;
import io.github.pooltune.capacity.LiveFleet;
import io.github.pooltune.capacity.PoolShare;
import io.github.pooltune.capacity.RdsInstanceClass;
import io.github.pooltune.capacity.ServerCapacity;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * The {@code capacity} section of the {@code pooltune} endpoint: the last capacity check
 * of each pool with the measured demand (pools on one server share one check, which
 * names the pools it counts), the instances of the service connected at that check, and
 * the what-if plan for a number of instances (by default the instances connected now), on
 * the live server or on an RDS instance class.
 *
 * @param tuned every pool, with what pooltune did with it, and the service's settings
 * @param check the capacity check, if there is one
 * @param demand the demand sampler, if there is one
 * @author pooltune
 */
public record CapacitySection(TunedPools tuned, @Nullable CapacityCheck check, @Nullable DemandSampler demand) {

	/** What the last checks found, without touching the database. */
	Map<String, CapacityDescriptor> lastChecks() {
		Map<String, CapacityDescriptor> capacity = new LinkedHashMap<>();
		Map<String, CapacityReport> reports = (this.check != null) ? this.check.reports() : Map.of();
		this.tuned.pools().keySet().forEach((name) -> {
			CapacityReport report = reports.get(name);
			Demand measured = (this.demand != null) ? this.demand.demand(name) : null;
			capacity.put(name, (report != null) ? CapacityDescriptor.of(report, measured)
					: new CapacityDescriptor(List.of(), null, null, null, List.of(), measured));
		});
		return capacity;
	}

	/**
	 * The largest safe sizes for {@code instances}: of each pool on its server read now,
	 * the others as they are, or of Spring Boot's pool on an RDS class, with every pool
	 * counted. Without {@code instances}, for the instances connected now when more are
	 * than {@code db.instances} says (on an RDS class: as the last check saw them).
	 */
	Map<String, PlanDescriptor> plan(@Nullable Integer instances, @Nullable String instanceClass) {
		if (instances != null && !Setting.INSTANCES.accepts(instances)) {
			throw new InvalidEndpointRequestException("instances must be " + Setting.INSTANCES.allowedValues()
					+ ", not " + instances, "instances out of range");
		}
		if (instanceClass != null) {
			RdsInstanceClass rds = RdsInstanceClass.named(instanceClass);
			if (rds == null) {
				throw new InvalidEndpointRequestException("Unknown instance class '" + instanceClass + "'; known: "
						+ RdsInstanceClass.names(), "unknown instance class");
			}
			FleetBudget budget = budget(rds.asServer());
			CapacityReport last = (this.check != null) ? this.check.lastReport(budget.primary().pool()) : null;
			return Map.of(rds.className(),
					PlanDescriptor.of(budget, budget.primary(), Count.of(instances, last, this.tuned.settings()), rds));
		}
		if (this.check == null) {
			throw new InvalidEndpointRequestException("The capacity check is not available; plan with ?instanceClass=",
					"capacity check not available");
		}
		CapacityCheck.Result result = this.check.check();
		Map<String, PlanDescriptor> plans = new LinkedHashMap<>();
		this.tuned.pools().keySet().forEach((name) -> {
			CapacityReport report = result.reports().get(name);
			if (report == null) {
				SQLException failure = result.failures().get(name);
				throw new IllegalStateException("Could not read the database's limits for pool '" + name + "': "
						+ ((failure != null) ? failure.getMessage() : "no connection"), failure);
			}
			PoolShare share = report.budget()
				.pools()
				.stream()
				.filter((pool) -> name.equals(pool.pool()))
				.findFirst()
				.orElseThrow();
			plans.put(name, PlanDescriptor.of(report.budget(), share, Count.of(instances, report, this.tuned.settings()),
					null));
		});
		return plans;
	}

	/** Every pool on one planned server. */
	private FleetBudget budget(ServerCapacity server) {
		List<PoolShare> shares = new ArrayList<>();
		this.tuned.pools().forEach((name, pool) -> shares.add(PoolShare.of(name, pool, this.tuned.tuning(name), null)));
		if (shares.isEmpty()) {
			return new FleetBudget(this.tuned.settings().value(Setting.INSTANCES), this.tuned.settings().value(Setting.POOL_SIZE),
					this.tuned.settings().value(Setting.MAX_OVERFLOW), this.tuned.settings().value(Setting.RESERVED_CONNECTIONS),
					server);
		}
		return new FleetBudget(this.tuned.settings().value(Setting.INSTANCES), shares,
				this.tuned.settings().value(Setting.RESERVED_CONNECTIONS), server);
	}

	/**
	 * The last check that counts a pool, and its measured demand.
	 *
	 * @param pools the pools counted together in that check: every pool of the instance
	 * on the same server
	 * @param server the server's limits
	 * @param live the instances of the service connected then, and what they held
	 * @param fleet the fleet against the server
	 * @param problems what does not fit
	 * @param demand the pool's measured demand
	 */
	public record CapacityDescriptor(List<String> pools, @Nullable ServerDescriptor server, @Nullable LiveDescriptor live,
			@Nullable FleetDescriptor fleet, List<String> problems, @Nullable Demand demand) {

		static CapacityDescriptor of(CapacityReport report, @Nullable Demand demand) {
			return new CapacityDescriptor(report.pools(), ServerDescriptor.of(report.server()),
					LiveDescriptor.of(report), FleetDescriptor.of(report.budget()), report.problems(), demand);
		}

	}

	/**
	 * The instances of the service connected to the server at the last check, and what
	 * they and other clients held.
	 *
	 * @param service the service, as its connections name it
	 * @param applicationName this instance's {@code application_name}
	 * @param instances the live instances, this one included
	 * @param countedBy {@code application_name} when each instance's connections carry a
	 * name of their own, {@code estimate} when the application names them itself
	 * @param instancesFrom what the fleet's maximum counts: {@code live}, or
	 * {@code db.instances} when it declares as many or more
	 * @param thisInstance connections this instance held
	 * @param otherInstances connections the other instances held
	 * @param otherClients connections every other client held
	 * @param instanceConnections each live instance's connections, by name
	 * @param readAt when the server was read
	 * @param ageSeconds how long ago that was
	 */
	public record LiveDescriptor(String service, String applicationName, int instances, String countedBy,
			String instancesFrom, int thisInstance, int otherInstances, int otherClients,
			Map<String, Integer> instanceConnections, Instant readAt, long ageSeconds) {

		static LiveDescriptor of(CapacityReport report) {
			LiveFleet live = report.live();
			return new LiveDescriptor(live.service(), live.applicationName(), live.instances(),
					live.exact() ? "application_name" : "estimate",
					report.countsLiveInstances() ? Count.LIVE : Count.SETTING, live.instanceConnections(),
					live.siblingConnections(), live.otherConnections(), report.server().instanceConnections(),
					live.readAt(), live.age(Instant.now()).toSeconds());
		}

	}

	/** The server's limits and who is connected, as last read, and the address it answered on. */
	public record ServerDescriptor(int maxConnections, int superuserReservedConnections, int reservedConnections, int usable,
			String role, boolean superuser, int roleLimit, String database, int databaseLimit,
			String applicationName, int serviceConnections, int otherConnections,
			Map<String, Integer> connectionsByApplication, Instant readAt, String address) {

		static ServerDescriptor of(ServerCapacity server) {
			return new ServerDescriptor(server.maxConnections(), server.superuserReserved(),
					server.reservedConnections(), server.usable(), server.role(), server.superuser(),
					server.roleLimit(), server.database(), server.databaseLimit(), server.applicationName(),
					server.serviceConnections(), server.otherConnections(), server.connectionsByApplication(),
					server.readAt(), server.server());
		}

	}

	/**
	 * The fleet against the server: its maximum, the budget and what is left.
	 *
	 * @param instances instances counted
	 * @param poolSize pool-size of the counted pools together
	 * @param maxOverflow max-overflow of the counted pools together
	 * @param reservedConnections db.reserved-connections
	 * @param fleetMaximum the most connections the fleet may open
	 * @param budget the most it may open on this server
	 * @param headroom what is left at the fleet's maximum, with the reserve
	 * @param liveHeadroom what is left at the fleet's maximum, with what other clients hold now
	 * @param formula the rule with the numbers
	 * @param pools each counted pool's sizes and what sets them
	 */
	public record FleetDescriptor(int instances, int poolSize, int maxOverflow, int reservedConnections, int fleetMaximum,
			int budget, int headroom, int liveHeadroom, String formula, Map<String, PoolSizesDescriptor> pools) {

		static FleetDescriptor of(FleetBudget budget) {
			String formula = String.format("%d × %s + %d reserved ≤ %d usable", budget.instances(),
					budget.describePerInstance(), budget.reserved(), budget.server().usable());
			Map<String, PoolSizesDescriptor> pools = new LinkedHashMap<>();
			budget.pools().forEach((pool) -> pools.put(pool.pool(), new PoolSizesDescriptor(pool.poolSize(),
					pool.maxOverflow(), pool.tuned() ? pool.settings() : TuningSection.APPLICATION)));
			return new FleetDescriptor(budget.instances(), budget.poolSize(), budget.maxOverflow(), budget.reserved(),
					budget.fleetMaximum(), budget.budget(), budget.headroom(), budget.liveHeadroom(), formula, pools);
		}

	}

	/**
	 * One counted pool's sizes.
	 *
	 * @param poolSize pool-size (HikariCP's minimumIdle)
	 * @param maxOverflow max-overflow (maximumPoolSize − minimumIdle)
	 * @param settingsFrom what sets them: {@code db.*}, {@code db.pools.<name>.*}, or
	 * {@code application}
	 */
	public record PoolSizesDescriptor(int poolSize, int maxOverflow, String settingsFrom) {
	}

	/**
	 * The what-if answer: the budget for that many instances and the largest safe sizes
	 * of one pool, the others as they are.
	 *
	 * @param instances the instances planned for
	 * @param instancesFrom where that count came from: {@code request} (the
	 * {@code instances} parameter), {@code live} (the instances connected now, more than
	 * {@code db.instances} declares) or {@code db.instances}
	 * @param liveInstances the instances connected at the check planned on, {@code null}
	 * when none was read
	 */
	public record PlanDescriptor(int instances, String instancesFrom, @Nullable Integer liveInstances,
			int maxConnections, int usable, int reservedConnections, int budget, int perInstance, String pool,
			int poolSize, int maxOverflow, int otherPools, @Nullable Integer rdsFormulaMaxConnections,
			@Nullable Integer rdsPublishedMaxConnections) {

		static PlanDescriptor of(FleetBudget budget, PoolShare pool, Count count, @Nullable RdsInstanceClass rds) {
			FleetBudget.SafeSizes safe = budget.safeSizes(count.instances(), pool);
			return new PlanDescriptor(count.instances(), count.from(), count.live(), budget.server().maxConnections(),
					budget.server().usable(), budget.reserved(), safe.budget(), safe.perInstance(), safe.pool(),
					safe.poolSize(), safe.maxOverflow(), safe.otherPools(),
					(rds != null) ? rds.formulaMaxConnections() : null, (rds != null) ? rds.publishedFigure() : null);
		}

	}

	/**
	 * How many instances a plan is for, and why.
	 *
	 * @param instances the count
	 * @param from {@code request}, {@code live} or {@code db.instances}
	 * @param live the live instances of the check planned on, or {@code null}
	 */
	record Count(int instances, String from, @Nullable Integer live) {

		static final String REQUEST = "request";

		static final String LIVE = "live";

		static final String SETTING = "db.instances";

		/** The requested count, else the live one when more are connected than declared, else db.instances. */
		static Count of(@Nullable Integer requested, @Nullable CapacityReport report, PoolSettings settings) {
			Integer live = (report != null) ? report.live().instances() : null;
			if (requested != null) {
				return new Count(requested, REQUEST, live);
			}
			if (report != null && report.countsLiveInstances()) {
				return new Count(report.budget().instances(), LIVE, live);
			}
			return new Count(settings.value(Setting.INSTANCES), SETTING, live);
		}

	}

}
