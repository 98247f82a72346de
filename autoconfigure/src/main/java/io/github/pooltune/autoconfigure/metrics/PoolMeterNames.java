package io.github.pooltune.autoconfigure.metrics;

/**
 * Names of the meters that parts of pooltune read back from the registry.
 *
 * @author pooltune
 */
public final class PoolMeterNames {

	/**
	 * HikariCP's own timer of how long each borrowed connection was held (its
	 * Micrometer tracker, which Spring Boot installs, records it on every return).
	 */
	public static final String USAGE = "hikaricp.connections.usage";

	/** The tag naming the pool, as HikariCP's own meters name it. */
	public static final String POOL_TAG = "pool";

	/** pooltune's counter of borrows that timed out waiting for a connection. */
	public static final String TIMEOUTS = "db.pool.timeouts";

	private PoolMeterNames() {
	}

}
