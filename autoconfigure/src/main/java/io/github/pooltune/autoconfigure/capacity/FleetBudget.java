package io.github.pooltune.autoconfigure.capacity;

import java.util.ArrayList;
import java.util.List;

/**
 * The gateway tuning guide's rule, checked against what the server really allows:
 * {@code instances × (pool-size + max-overflow) + reserved ≤ usable}, where usable is
 * {@code max_connections − superuser_reserved_connections (− reserved_connections)}, and
 * the fleet within the role's and the database's {@code CONNECTION LIMIT}. Pure
 * arithmetic; every problem comes with the numbers, the formula and the fix.
 *
 * @param instances instances of the service
 * @param poolSize pool-size of each
 * @param maxOverflow max-overflow of each
 * @param reserved slots kept free for others (db.reserved-connections)
 * @param server what the server allows
 * @author pooltune
 */
public record FleetBudget(int instances, int poolSize, int maxOverflow, int reserved, ServerCapacity server) {

	/** The largest pool-size or max-overflow the settings accept. */
	private static final int MAX_SETTING = 100;

	/** The most connections the whole fleet may open. */
	public int fleetMaximum() {
		return this.instances * (this.poolSize + this.maxOverflow);
	}

	/** Usable slots left when the fleet and the reserve are at their maximum; negative when they do not fit. */
	public int headroom() {
		return this.server.usable() - this.reserved - fleetMaximum();
	}

	/**
	 * Slots left with the fleet at its maximum and every other client holding what it
	 * holds now.
	 */
	public int liveHeadroom() {
		return this.server.usable() - this.server.otherConnections() - fleetMaximum();
	}

	/** The most connections the fleet may open: usable less the reserve, within the role's and database's limits. */
	public int budget() {
		int budget = this.server.usable() - this.reserved;
		if (this.server.roleLimited()) {
			budget = Math.min(budget, this.server.roleLimit());
		}
		if (this.server.databaseLimited()) {
			budget = Math.min(budget, this.server.databaseLimit());
		}
		return Math.max(0, budget);
	}

	/**
	 * The largest sizes each of {@code count} instances may use within the budget, and
	 * within the settings' own ranges (at most 100 each).
	 */
	public SafeSizes safeSizes(int count) {
		int perInstance = budget() / count;
		if (perInstance >= this.poolSize) {
			return new SafeSizes(count, budget(), perInstance, this.poolSize,
					Math.min(MAX_SETTING, perInstance - this.poolSize));
		}
		return new SafeSizes(count, budget(), perInstance, Math.min(MAX_SETTING, perInstance), 0);
	}

	/** What does not fit, one sentence each; empty when the fleet fits. */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		String fleet = this.instances + ((this.instances != 1) ? " instances" : " instance") + " × ("
				+ this.poolSize + " + " + this.maxOverflow + ")";
		if (headroom() < 0) {
			int needed = fleetMaximum() + this.reserved;
			int maxConnections = needed + this.server.superuserReserved() + this.server.reservedConnections();
			problems.add(String.format("%s + %d reserved = %d > %s: %s or raise max_connections to %d", fleet,
					this.reserved, needed, this.server.describeUsable(), fix(), maxConnections));
		}
		if (this.server.roleLimited() && fleetMaximum() > this.server.roleLimit()) {
			problems.add(String.format("%s = %d > %d, the CONNECTION LIMIT of role %s: %s or ALTER ROLE %s "
					+ "CONNECTION LIMIT %d", fleet, fleetMaximum(), this.server.roleLimit(), this.server.role(), fix(),
					this.server.role(), fleetMaximum()));
		}
		if (this.server.databaseLimited() && fleetMaximum() > this.server.databaseLimit()) {
			problems.add(String.format("%s = %d > %d, the CONNECTION LIMIT of database %s: %s or ALTER DATABASE %s "
					+ "CONNECTION LIMIT %d", fleet, fleetMaximum(), this.server.databaseLimit(),
					this.server.database(), fix(), this.server.database(), fleetMaximum()));
		}
		return problems;
	}

	/** The smallest change to pooltune's settings that makes the fleet fit. */
	private String fix() {
		SafeSizes safe = safeSizes(this.instances);
		if (safe.perInstance() < 1) {
			return String.format("no instance fits (budget %d for %d instances): lower DB_INSTANCES to at most %d",
					safe.budget(), this.instances, safe.budget());
		}
		if (safe.poolSize() == this.poolSize) {
			return "lower DB_MAX_OVERFLOW to " + safe.maxOverflow();
		}
		return "lower DB_POOL_SIZE to " + safe.poolSize() + " and DB_MAX_OVERFLOW to 0";
	}

	/**
	 * The largest sizes that fit.
	 *
	 * @param instances instances planned for
	 * @param budget connections the whole fleet may open
	 * @param perInstance connections each instance may open
	 * @param poolSize largest safe pool-size (the current one when it fits)
	 * @param maxOverflow largest safe max-overflow with that pool-size
	 */
	public record SafeSizes(int instances, int budget, int perInstance, int poolSize, int maxOverflow) {
	}

}
