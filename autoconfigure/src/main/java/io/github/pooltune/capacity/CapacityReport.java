package io.github.pooltune.capacity;

import java.util.List;

/**
 * One capacity check of the pools an instance holds on one server: what the server
 * allows, the fleet's budget and what does not fit.
 *
 * @param server what the server allows and who is connected
 * @param budget the fleet's budget on that server, with the pools it counts
 * @param instancesSetting the instances the settings declare (db.instances)
 * @param problems what does not fit, one sentence each
 * @param live the instances of the service connected now, and what they hold
 * @author pooltune
 */
public record CapacityReport(ServerCapacity server, FleetBudget budget, int instancesSetting, List<String> problems,
		LiveFleet live) {

	/**
	 * Checks the fleet; counts the live instances when more are connected than declared.
	 * @param server what the server showed
	 * @param pools this instance's pools on that server
	 * @param instances the instances declared (db.instances)
	 * @param reserved the slots kept free (db.reserved-connections)
	 * @param openHere the connections those pools held open as the server was read
	 */
	public static CapacityReport of(ServerCapacity server, List<PoolShare> pools, int instances, int reserved,
			int openHere) {
		int perInstance = pools.stream().mapToInt(PoolShare::maxConnections).sum();
		LiveFleet live = LiveFleet.of(server, openHere, perInstance);
		int counted = Math.max(instances, live.instances());
		FleetBudget budget = new FleetBudget(counted, pools, reserved, server);
		return new CapacityReport(server, budget, instances, budget.problems(), live);
	}

	/** Whether the live instances, not db.instances, set the count. */
	public boolean countsLiveInstances() {
		return this.live.instances() > this.instancesSetting;
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

	/** One line for the log: the numbers, and the fix when the fleet does not fit. */
	public String summary() {
		return summary(fits() ? "Capacity of " + describePools() + ": " : null);
	}

	/** The line that says the fleet fits again, after it did not. */
	public String fitsAgain() {
		return summary("Capacity of " + describePools() + " fits again: ");
	}

	private String summary(String fitsLead) {
		String counted = countsLiveInstances()
				? String.format(" (%s%d instances of '%s' are connected now, more than DB_INSTANCES=%d: counting %d)",
						this.live.exact() ? "" : "at least ", this.live.instances(), this.live.service(),
						this.instancesSetting, this.budget.instances())
				: "";
		String now = "; now " + this.live.describe();
		if (fits()) {
			return String.format("%s%d × %s + %d reserved = %d of %s, %d to spare%s%s", fitsLead,
					this.budget.instances(), this.budget.describePerInstance(), this.budget.reserved(),
					this.budget.fleetMaximum() + this.budget.reserved(), this.server.describeUsable(),
					this.budget.headroom(), counted, now);
		}
		String together = (pools().size() > 1) ? " together" : "";
		String subject = describePools();
		return String.format("%s%s%s can open more connections than the database allows%s: %s%s",
				Character.toUpperCase(subject.charAt(0)), subject.substring(1), together, counted,
				String.join("; ", this.problems), now);
	}

	/**
	 * What a change of the fleet's state compares: whether it fits and, when it does not,
	 * the problems with their numbers (which name the instances counted).
	 */
	public String state() {
		return fits() ? "fits" : String.join("; ", this.problems);
	}

}
