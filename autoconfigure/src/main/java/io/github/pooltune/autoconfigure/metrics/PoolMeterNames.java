package io.github.pooltune.autoconfigure.metrics;

/**
 * Names of pooltune's meters that other parts of pooltune read back from the registry.
 *
 * @author pooltune
 */
public final class PoolMeterNames {

	/** The lease-time timer: how long each borrowed connection was held. */
	public static final String LEASE = "db.pool.connection.lease";

	/** The tag naming the pool, as HikariCP's own meters name it. */
	public static final String POOL_TAG = "pool";

	private PoolMeterNames() {
	}

}
