package io.github.pooltune.capacity;

/**
 * One pool's share of its server, as the autopilot reads it again on every decision:
 * {@code (budget − other clients' connections) / instances}, less what this instance's
 * other pools on that server may open. The budget is the fleet's ({@link FleetBudget#budget()}:
 * usable less the reserve, within the role's and the database's CONNECTION LIMIT); other
 * clients are everything connected that is not this service, whoever they are.
 *
 * @param budget the most connections the service's fleet may open on the server
 * @param otherClients connections every client that is not this service holds now
 * @param instances the instances of the service counted: the live ones, or db.instances
 * when it declares more
 * @param otherPools the most connections this instance's other pools there may open
 * @param open the connections this pool holds open now
 * @param free the server's usable slots not taken now, less the reserve
 * @author pooltune
 */
public record FleetShare(int budget, int otherClients, int instances, int otherPools, int open, int free) {

	/**
	 * The share of a pool on the server a capacity report read.
	 * @param report the fleet as read now, with this instance's pools on that server
	 * @param pool the pool's bean name
	 * @param open the connections the pool holds open now
	 * @param reserved the slots kept free (db.reserved-connections)
	 */
	public static FleetShare of(CapacityReport report, String pool, int open, int reserved) {
		FleetBudget budget = report.budget();
		int otherPools = budget.pools()
			.stream()
			.filter((share) -> !pool.equals(share.pool()))
			.mapToInt(PoolShare::maxConnections)
			.sum();
		ServerCapacity server = report.server();
		int free = server.usable() - reserved - server.totalConnections();
		return new FleetShare(budget.budget(), server.otherConnections(), budget.instances(), otherPools, open, free);
	}

	/** What each instance of the service may open, all its pools together. */
	public int perInstance() {
		return Math.max(0, (this.budget - this.otherClients) / Math.max(1, this.instances));
	}

	/** The most connections the pool may have: this instance's share less its other pools. */
	public int ceiling() {
		return Math.max(0, perInstance() - this.otherPools);
	}

	/**
	 * The most the pool may grow to now: its {@link #ceiling()}, and no more than what it
	 * holds open plus the server's free slots, so that a server others have filled is not
	 * asked for connections it does not have.
	 */
	public int growthCeiling() {
		return Math.min(ceiling(), this.open + Math.max(0, this.free));
	}

	/**
	 * The share in words: {@code share 133 = (277 budget − 11 other clients) / 2 instances}.
	 */
	public String describe() {
		String others = (this.otherPools > 0) ? " − " + this.otherPools + " for this instance's other pools" : "";
		return String.format("share %d = (%d budget − %d held by other clients) / %d instance%s%s", ceiling(),
				this.budget, this.otherClients, this.instances, (this.instances != 1) ? "s" : "", others);
	}

}
