package io.github.pooltune.capacity;

import org.jspecify.annotations.Nullable;

/**
 * The last capacity check of each pool, as other parts read it without touching the
 * database: the connection-failure warning, for one, names the fleet from it.
 *
 * @author pooltune
 */
@FunctionalInterface
public interface CapacityReports {

	/**
	 * The last report that counts a pool.
	 * @param pool the pool's bean name, or HikariCP's name for it
	 * @return the report, or {@code null} when the pool has not been checked yet
	 */
	@Nullable CapacityReport lastReport(String pool);

}
