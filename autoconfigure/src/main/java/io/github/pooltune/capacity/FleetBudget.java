package io.github.pooltune.capacity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

import io.github.pooltune.autoconfigure.settings.Setting;

/**
 * The gateway tuning guide's rule, checked against what the server really allows, for
 * every pool of an instance on that server:
 * {@code instances × Σ(pool-size + max-overflow) + reserved ≤ usable}, where usable is
 * {@code max_connections − superuser_reserved_connections (− reserved_connections)}, and
 * the fleet within the {@code CONNECTION LIMIT} of each role and database the pools
 * connect as and to. Pure arithmetic; every problem comes with the numbers, the formula
 * and the fix.
 *
 * @param instances instances of the service
 * @param pools the pools of each instance on this server, Spring Boot's first when it is
 * there
 * @param reserved slots kept free for others (db.reserved-connections)
 * @param server what the server allows
 * @author pooltune
 */
public record FleetBudget(int instances, List<PoolShare> pools, int reserved, ServerCapacity server) {

	public FleetBudget {
		pools = List.copyOf(pools);
	}

	/** One pool sized by {@code db.*}: Spring Boot's, alone on its server. */
	public FleetBudget(int instances, int poolSize, int maxOverflow, int reserved, ServerCapacity server) {
		this(instances, List.of(new PoolShare(null, poolSize, maxOverflow, "db.*", null)), reserved, server);
	}

	/** pool-size of every pool together. */
	public int poolSize() {
		return this.pools.stream().mapToInt(PoolShare::poolSize).sum();
	}

	/** max-overflow of every pool together. */
	public int maxOverflow() {
		return this.pools.stream().mapToInt(PoolShare::maxOverflow).sum();
	}

	/** The most connections one instance may open, all its pools together. */
	public int perInstance() {
		return this.pools.stream().mapToInt(PoolShare::maxConnections).sum();
	}

	/** The most connections the whole fleet may open. */
	public int fleetMaximum() {
		return this.instances * perInstance();
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

	/**
	 * The most connections the fleet may open: usable less the reserve, within the limits
	 * of the role and the database when every pool connects as and to the same.
	 */
	public int budget() {
		return budgetFor(this.pools);
	}

	/** The pool a fix changes first: Spring Boot's when it is here, else the first that pooltune sizes. */
	public PoolShare primary() {
		return primary(this.pools);
	}

	/**
	 * The largest sizes the {@link #primary()} pool of each of {@code count} instances may
	 * use within the budget, the other pools as they are.
	 */
	public SafeSizes safeSizes(int count) {
		return safeSizes(count, primary());
	}

	/**
	 * The largest sizes one pool of each of {@code count} instances may use within the
	 * budget, the other pools as they are, and within what {@link Setting#POOL_SIZE} and
	 * {@link Setting#MAX_OVERFLOW} accept.
	 */
	public SafeSizes safeSizes(int count, PoolShare pool) {
		return safeSizes(count, budget(), pool, perInstance() - pool.maxConnections());
	}

	private static SafeSizes safeSizes(int count, int budget, PoolShare pool, int others) {
		int perInstance = budget / count;
		int left = perInstance - others;
		if (left >= pool.poolSize()) {
			return new SafeSizes(count, budget, perInstance, pool.poolSize(),
					Setting.MAX_OVERFLOW.range().nearest(left - pool.poolSize()), pool.pool(), others);
		}
		// 0 when not even one connection fits.
		int poolSize = (left > 0) ? Setting.POOL_SIZE.range().nearest(left) : 0;
		return new SafeSizes(count, budget, perInstance, poolSize, 0, pool.pool(), others);
	}

	/** What does not fit, one sentence each; empty when the fleet fits. */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		if (headroom() < 0) {
			int needed = fleetMaximum() + this.reserved;
			int maxConnections = needed + this.server.superuserReserved() + this.server.reservedConnections();
			problems.add(String.format("%s + %d reserved = %d > %s: %s or raise max_connections to %d",
					fleet(this.pools), this.reserved, needed, this.server.describeUsable(), fix(this.pools),
					maxConnections));
		}
		for (ConnectionLimit limit : ConnectionLimit.BOTH) {
			limits(limit.of()).forEach((name, pools) -> {
				ServerCapacity seen = seenBy(pools.get(0));
				int maximum = this.instances * sum(pools);
				if (limit.limited().test(seen) && maximum > limit.limit().applyAsInt(seen)) {
					problems.add(String.format("%s = %d > %d, the CONNECTION LIMIT of %s %s: %s or ALTER %s %s "
							+ "CONNECTION LIMIT %d", fleet(pools), maximum, limit.limit().applyAsInt(seen),
							limit.kind(), name, fix(pools), limit.kind().toUpperCase(Locale.ROOT), name, maximum));
				}
			});
		}
		return problems;
	}

	/**
	 * The connections of one instance as the formula shows them: {@code (5 + 10)} for one
	 * pool, {@code ((5 + 10) dataSource + (3 + 0) audit)} for several.
	 */
	public String describePerInstance() {
		return describe(this.pools);
	}

	private String fleet(List<PoolShare> pools) {
		return this.instances + ((this.instances != 1) ? " instances" : " instance") + " × " + describe(pools);
	}

	private static String describe(List<PoolShare> pools) {
		if (pools.size() == 1) {
			return pools.get(0).sizes();
		}
		return pools.stream()
			.map((pool) -> pool.sizes() + " " + pool.pool())
			.collect(Collectors.joining(" + ", "(", ")"));
	}

	/**
	 * A CONNECTION LIMIT PostgreSQL keeps besides max_connections, a role's or a
	 * database's, as a server reports it.
	 *
	 * @param kind {@code role} or {@code database}, as the SQL names it
	 * @param of the role or database a connection has
	 * @param limited whether it has a limit
	 * @param limit the limit
	 */
	private record ConnectionLimit(String kind, Function<ServerCapacity, String> of,
			Predicate<ServerCapacity> limited, ToIntFunction<ServerCapacity> limit) {

		static final List<ConnectionLimit> BOTH = List.of(
				new ConnectionLimit("role", ServerCapacity::role, ServerCapacity::roleLimited, ServerCapacity::roleLimit),
				new ConnectionLimit("database", ServerCapacity::database, ServerCapacity::databaseLimited,
						ServerCapacity::databaseLimit));

	}

	/** The pools by the role, or the database, they connect as or to, each with its own limit. */
	private Map<String, List<PoolShare>> limits(Function<ServerCapacity, String> key) {
		Map<String, List<PoolShare>> grouped = new LinkedHashMap<>();
		for (PoolShare pool : this.pools) {
			grouped.computeIfAbsent(key.apply(seenBy(pool)), (name) -> new ArrayList<>()).add(pool);
		}
		return grouped;
	}

	private ServerCapacity seenBy(PoolShare pool) {
		return (pool.connection() != null) ? pool.connection() : this.server;
	}

	private static int sum(List<PoolShare> pools) {
		return pools.stream().mapToInt(PoolShare::maxConnections).sum();
	}

	/** Usable less the reserve, within each limit that holds every one of these pools. */
	private int budgetFor(List<PoolShare> pools) {
		int budget = this.server.usable() - this.reserved;
		ServerCapacity first = seenBy(pools.get(0));
		for (ConnectionLimit limit : ConnectionLimit.BOTH) {
			String name = limit.of().apply(first);
			if (limit.limited().test(first)
					&& pools.stream().allMatch((pool) -> Objects.equals(limit.of().apply(seenBy(pool)), name))) {
				budget = Math.min(budget, limit.limit().applyAsInt(first));
			}
		}
		return Math.max(0, budget);
	}

	private static PoolShare primary(List<PoolShare> pools) {
		return pools.stream()
			.filter((pool) -> "db.*".equals(pool.settings()))
			.findFirst()
			.or(() -> pools.stream().filter(PoolShare::tuned).findFirst())
			.orElse(pools.get(0));
	}

	/** The smallest change to the sizes of these pools that makes them fit: of one pool, the others as they are. */
	private String fix(List<PoolShare> pools) {
		PoolShare pool = primary(pools);
		SafeSizes safe = safeSizes(this.instances, budgetFor(pools), pool, sum(pools) - pool.maxConnections());
		if (safe.perInstance() < 1) {
			return String.format("no instance fits (budget %d for %d instances): lower DB_INSTANCES to at most %d",
					safe.budget(), this.instances, safe.budget());
		}
		String others = (pools.size() > 1) ? " (pool '" + pool.pool() + "', the others as they are)" : "";
		if (safe.poolSize() < 1) {
			return String.format("the pools other than '%s' alone may open %d of the %d connections each instance "
					+ "may have: lower their sizes", pool.pool(), safe.otherPools(), safe.perInstance());
		}
		if (!pool.tuned()) {
			return String.format("lower the maximumPoolSize of pool '%s' to %d, or size it with db.pools.%s.pool-size "
					+ "and max-overflow%s", pool.pool(), safe.poolSize() + safe.maxOverflow(), pool.pool(), others);
		}
		if (safe.poolSize() == pool.poolSize()) {
			return "lower " + pool.variable("max-overflow") + " to " + safe.maxOverflow() + others;
		}
		return "lower " + pool.variable("pool-size") + " to " + safe.poolSize() + " and "
				+ pool.variable("max-overflow") + " to 0" + others;
	}

	/**
	 * The largest sizes that fit.
	 *
	 * @param instances instances planned for
	 * @param budget connections the whole fleet may open
	 * @param perInstance connections each instance may open
	 * @param poolSize largest safe pool-size (the current one when it fits)
	 * @param maxOverflow largest safe max-overflow with that pool-size
	 * @param pool the pool these sizes are for, {@code null} when it is the only one
	 * @param otherPools connections the instance's other pools on this server may open
	 */
	public record SafeSizes(int instances, int budget, int perInstance, int poolSize, int maxOverflow, String pool,
			int otherPools) {
	}

}
