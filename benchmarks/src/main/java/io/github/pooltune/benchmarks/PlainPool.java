package io.github.pooltune.benchmarks;

import java.sql.SQLException;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.pooltune.test.TestDatabase;

/**
 * A {@link HikariDataSource} built by hand, the baseline: the same values pooltune gives
 * HikariCP for {@code db.pool-size=10}, {@code db.max-overflow=0} and its defaults, with
 * the Micrometer tracker Spring Boot gives every HikariCP pool, and nothing of pooltune.
 *
 * @author pooltune
 */
final class PlainPool {

	static final String POOL_NAME = "benchmark";

	static final int SIZE = 10;

	/** What {@link BootPool} must end up with too, so that only the context and pooltune differ. */
	static final PoolShape SHAPE = new PoolShape(SIZE, SIZE, Duration.ofSeconds(30).toMillis(),
			Duration.ofSeconds(5).toMillis(), Duration.ofHours(1).toMillis(), Duration.ofMinutes(10).toMillis(),
			Duration.ofMinutes(2).toMillis(), 0, true);

	private PlainPool() {
	}

	/**
	 * Starts the pool and opens its first connection.
	 * @param registry the registry for HikariCP's {@code hikaricp.*} meters, or
	 * {@code null} for none
	 * @param leakDetectionThreshold HikariCP's leak detection threshold in milliseconds, 0
	 * for off
	 */
	static HikariDataSource start(TestDatabase database, MeterRegistry registry, long leakDetectionThreshold)
			throws SQLException {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(database.jdbcUrl());
		dataSource.setUsername(database.username());
		dataSource.setPassword(database.password());
		dataSource.setPoolName(POOL_NAME);
		dataSource.setMaximumPoolSize(SHAPE.maximumPoolSize());
		dataSource.setMinimumIdle(SHAPE.minimumIdle());
		dataSource.setConnectionTimeout(SHAPE.connectionTimeout());
		dataSource.setValidationTimeout(SHAPE.validationTimeout());
		dataSource.setMaxLifetime(SHAPE.maxLifetime());
		dataSource.setIdleTimeout(SHAPE.idleTimeout());
		dataSource.setKeepaliveTime(SHAPE.keepaliveTime());
		dataSource.setLeakDetectionThreshold(leakDetectionThreshold);
		if (registry != null) {
			dataSource.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
		}
		dataSource.getConnection().close();
		return dataSource;
	}

}
