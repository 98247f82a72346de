package io.github.pooltune.autoconfigure.diagnostics;

import java.time.Duration;
import java.time.Instant;

import io.github.pooltune.capacity.CapacityReport;
import io.github.pooltune.capacity.FleetBudget;
import io.github.pooltune.capacity.LiveFleet;
import io.github.pooltune.capacity.ServerCapacity;

/**
 * What a server that refuses a connection for want of a slot (53300) was holding, as the
 * last capacity check read it: how many instances of this service hold how many
 * connections, what other clients hold, and the fleet's budget with the fix when the
 * fleet does not fit it. Read from memory; a refusal never costs a query.
 *
 * @author pooltune
 */
final class FleetAtRefusal {

	private FleetAtRefusal() {
	}

	/** The sentence that follows the refusal, in the words of the capacity check. */
	static String describe(CapacityReport report, Instant now) {
		LiveFleet live = report.live();
		FleetBudget budget = report.budget();
		ServerCapacity server = report.server();
		int serviceConnections = live.instanceConnections() + live.siblingConnections();
		String instances = (live.instances() == 1) ? "1 instance" : live.instances() + " instances";
		String budgetMadeOf = (budget.budget() == server.usable() - budget.reserved())
				? String.format(" (%d usable − %d reserved)", server.usable(), budget.reserved())
				: " (within a CONNECTION LIMIT)";
		String held = String.format("At the last capacity check (%s ago) %s%s of '%s' held %d connections (this one "
				+ "%d) and other clients %d; the fleet's budget is %d connections%s", age(live.age(now)),
				live.exact() ? "" : "at least ", instances, live.service(), serviceConnections,
				live.instanceConnections(), live.otherConnections(), budget.budget(), budgetMadeOf);
		if (report.fits()) {
			return String.format("%s and the fleet may open %d (%d × %s), so the slots went to other clients: find "
					+ "them in pg_stat_activity, or lower DB_POOL_SIZE, DB_MAX_OVERFLOW or the number of instances, "
					+ "or raise the limit", held, budget.fleetMaximum(), budget.instances(),
					budget.describePerInstance());
		}
		return held + ", which the fleet does not fit: " + String.join("; ", report.problems());
	}

	private static String age(Duration age) {
		long seconds = age.toSeconds();
		return (seconds < 120) ? seconds + "s" : age.toMinutes() + " min";
	}

}
