package io.github.pooltune.autoconfigure.capacity;

import java.util.List;

/**
 * One pool's capacity check: what the server allows, the fleet's budget and what does not
 * fit.
 *
 * @param pool the DataSource bean name
 * @param server what the server allows and who is connected
 * @param budget the fleet's budget on that server
 * @param instancesSetting the instances the settings declare (db.instances)
 * @param problems what does not fit, one sentence each
 * @author pooltune
 */
public record CapacityReport(String pool, ServerCapacity server, FleetBudget budget, int instancesSetting,
		List<String> problems) {

	/** Checks the fleet; counts the live instances when more are connected than declared. */
	static CapacityReport of(String pool, ServerCapacity server, int instances, int poolSize, int maxOverflow,
			int reserved) {
		int counted = Math.max(instances, server.liveInstances());
		FleetBudget budget = new FleetBudget(counted, poolSize, maxOverflow, reserved, server);
		return new CapacityReport(pool, server, budget, instances, budget.problems());
	}

	/** Whether the fleet fits the server, the role and the database. */
	public boolean fits() {
		return this.problems.isEmpty();
	}

	/** One line for the log. */
	public String summary() {
		String counted = (this.budget.instances() > this.instancesSetting)
				? String.format(" (%d instances of '%s' are connected now, more than DB_INSTANCES=%d: counting %d)",
						this.server.liveInstances(), this.server.applicationName(), this.instancesSetting,
						this.budget.instances())
				: "";
		if (fits()) {
			return String.format("Capacity of pool '%s': %d × (%d + %d) + %d reserved = %d of %s, %d to spare; "
					+ "other clients hold %d connections now%s", this.pool, this.budget.instances(),
					this.budget.poolSize(), this.budget.maxOverflow(), this.budget.reserved(),
					this.budget.fleetMaximum() + this.budget.reserved(), this.server.describeUsable(),
					this.budget.headroom(), this.server.otherConnections(), counted);
		}
		return String.format("Pool '%s' can open more connections than the database allows%s: %s", this.pool,
				counted, String.join("; ", this.problems));
	}

}
