package io.github.pooltune.autoconfigure.tuning;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.capacity.CapacityCheck;
import io.github.pooltune.autoconfigure.hikari.TunedPools;
import io.github.pooltune.autoconfigure.settings.CapacityCheckMode;
import io.github.pooltune.autoconfigure.settings.Setting;
import io.github.pooltune.capacity.CapacityReport;
import io.github.pooltune.capacity.FleetBudget;
import io.github.pooltune.capacity.PoolShare;
import io.github.pooltune.pool.PoolSnapshot;

/**
 * The fleet's budget for a pool that is to grow while it runs: the rule of the capacity
 * check ({@code instances × all pools + reserved ≤ usable}, and each {@code CONNECTION
 * LIMIT}) on the server and the instances its last check saw, with this pool at its new
 * sizes and every other pool as it runs now. A pool that does not grow is never refused:
 * shrinking helps a fleet that does not fit.
 *
 * @author pooltune
 */
final class FleetBudgetCheck {

	private final TunedPools tuned;

	private final @Nullable CapacityCheck check;

	FleetBudgetCheck(TunedPools tuned, @Nullable CapacityCheck check) {
		this.tuned = tuned;
		this.check = check;
	}

	/**
	 * Why the pool may not have these sizes, or {@code null} when they fit (or the
	 * capacity check is off).
	 */
	@Nullable String refusal(String pool, int poolSize, int maxOverflow) {
		CapacityCheck check = this.check;
		if (check == null || this.tuned.settings().value(Setting.CAPACITY_CHECK) == CapacityCheckMode.OFF
				|| poolSize + maxOverflow <= PoolSnapshot.of(this.tuned.pools().get(pool)).maxConnections()) {
			return null;
		}
		CapacityReport report = check.lastReport(pool);
		if (report == null) {
			// Not checked yet (the check runs a second after the application is ready): read the server now.
			report = check.check().reports().get(pool);
		}
		if (report == null) {
			return "the fleet budget, which could not be checked: the capacity check has not read the database's "
					+ "limits yet, and no connection of the pool answered in time; try again in a moment";
		}
		FleetBudget budget = budget(report, pool, poolSize, maxOverflow);
		List<String> problems = budget.problems();
		if (problems.isEmpty()) {
			return null;
		}
		PoolShare share = budget.pools().stream().filter((each) -> pool.equals(each.pool())).findFirst().orElseThrow();
		FleetBudget.SafeSizes safe = budget.safeSizes(budget.instances(), share);
		return String.format("the fleet budget: %s; the most that fits now: %s %d + %s %d",
				String.join("; ", problems), LiveSettings.nameOf(Setting.POOL_SIZE), safe.poolSize(),
				LiveSettings.nameOf(Setting.MAX_OVERFLOW), safe.maxOverflow());
	}

	/** The last check's server and instances, this pool at the new sizes and the others as they run now. */
	private FleetBudget budget(CapacityReport report, String pool, int poolSize, int maxOverflow) {
		List<PoolShare> shares = new ArrayList<>();
		for (PoolShare share : report.budget().pools()) {
			HikariDataSource dataSource = this.tuned.pools().get(share.pool());
			if (pool.equals(share.pool())) {
				shares.add(new PoolShare(pool, poolSize, maxOverflow, share.settings(), share.connection()));
			}
			else if (dataSource != null) {
				shares.add(PoolShare.of(share.pool(), dataSource, this.tuned.tuning(share.pool()), share.connection()));
			}
			else {
				shares.add(share);
			}
		}
		FleetBudget last = report.budget();
		return new FleetBudget(last.instances(), shares, last.reserved(), last.server());
	}

}
