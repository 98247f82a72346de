package io.github.pooltune.capacity;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One capacity check of the pools an instance holds on one server: what the server
 * allows, the fleet's budget and what does not fit.
 *
 * @param server what the server allows and who is connected
 * @param budget the fleet's budget on that server, with the pools it counts
 * @param instancesSetting the instances the settings declare (db.instances)
 * @param problems what does not fit, one sentence each
 * @author pooltune
 */
public record CapacityReport(ServerCapacity server, FleetBudget budget, int instancesSetting, List<String> problems) {

	/** Checks the fleet; counts the live instances when more are connected than declared. */
	public static CapacityReport of(ServerCapacity server, List<PoolShare> pools, int instances, int reserved) {
		int counted = Math.max(instances, server.liveInstances());
		FleetBudget budget = new FleetBudget(counted, pools, reserved, server);
		return new CapacityReport(server, budget, instances, budget.problems());
	}

	/** The pools counted together, by bean name. */
	public List<String> pools() {
		return this.budget.pools().stream().map(PoolShare::pool).toList();
	}

	/** Whether the fleet fits the server, the roles and the databases. */
	public boolean fits() {
		return this.problems.isEmpty();
	}

	/** The pools as messages name them: {@code pool 'dataSource'}, {@code pools 'dataSource' and 'audit'}. */
	public String describePools() {
		List<String> names = pools().stream().map((name) -> "'" + name + "'").toList();
		if (names.size() == 1) {
			return "pool " + names.get(0);
		}
		return "pools " + String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
	}

	/** One line for the log. */
	public String summary() {
		String counted = (this.budget.instances() > this.instancesSetting)
				? String.format(" (%d instances of '%s' are connected now, more than DB_INSTANCES=%d: counting %d)",
						this.server.liveInstances(), this.server.applicationName(), this.instancesSetting,
						this.budget.instances())
				: "";
		if (fits()) {
			return String.format("Capacity of %s: %d × %s + %d reserved = %d of %s, %d to spare; other clients "
					+ "hold %d connections now%s", describePools(), this.budget.instances(),
					this.budget.describePerInstance(), this.budget.reserved(),
					this.budget.fleetMaximum() + this.budget.reserved(), this.server.describeUsable(),
					this.budget.headroom(), this.server.otherConnections(), counted);
		}
		String together = (pools().size() > 1) ? " together" : "";
		String subject = describePools();
		return String.format("%s%s%s can open more connections than the database allows%s: %s",
				Character.toUpperCase(subject.charAt(0)), subject.substring(1), together, counted,
				this.problems.stream().collect(Collectors.joining("; ")));
	}

}
