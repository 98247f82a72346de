package io.github.pooltune.benchmarks;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The HikariCP values that matter on the borrow path, to check that the plain and the
 * tuned pool differ in nothing but pooltune.
 *
 * @author pooltune
 */
record PoolShape(int maximumPoolSize, int minimumIdle, long connectionTimeout, long validationTimeout,
		long maxLifetime, long idleTimeout, long keepaliveTime, long leakDetectionThreshold, boolean autoCommit) {

	static PoolShape of(HikariDataSource dataSource) {
		return new PoolShape(dataSource.getMaximumPoolSize(), dataSource.getMinimumIdle(),
				dataSource.getConnectionTimeout(), dataSource.getValidationTimeout(), dataSource.getMaxLifetime(),
				dataSource.getIdleTimeout(), dataSource.getKeepaliveTime(), dataSource.getLeakDetectionThreshold(),
				dataSource.isAutoCommit());
	}

}
