package io.github.pooltune.autoconfigure.metrics;

import java.sql.Connection;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.test.TestDatabase;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.CountingMode;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool's levels read right on a step-based registry (Datadog, OTLP delta,
 * CloudWatch, … report a counter's change per step) as on Prometheus: the pool size is a
 * gauge, so it still reads the pool size once it stops changing.
 *
 * @author pooltune
 */
class PoolMetersRegistriesTests {

	private static final TestDatabase database = TestDatabase.get();

	private static final Duration STEP = Duration.ofMinutes(1);

	@Test
	void levelsReadTheSameOnAStepRegistryAndOnPrometheus() throws Exception {
		MockClock clock = new MockClock();
		SimpleMeterRegistry step = new SimpleMeterRegistry(new SimpleConfig() {

			@Override
			public String get(String key) {
				return null;
			}

			@Override
			public CountingMode mode() {
				return CountingMode.STEP;
			}

			@Override
			public Duration step() {
				return STEP;
			}

		}, clock);
		PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		try (HikariDataSource dataSource = pool()) {
			PoolMeters onStep = new PoolMeters(step, "registries-test", dataSource);
			PoolMeters onPrometheus = new PoolMeters(prometheus, "registries-test", dataSource);
			try (Connection held = dataSource.getConnection()) {
				// Two steps later a counter that stopped changing would read 0 here.
				clock.add(STEP.multipliedBy(2));
				assertThat(value(step, "db.pool.size.connections")).isEqualTo(3.0);
				assertThat(value(step, "db.pool.max.overflow.connections")).isEqualTo(2.0);
				assertThat(value(step, "db.pool.checked.out.connections")).isEqualTo(1.0);
				assertThat(prometheus.scrape()).contains("db_pool_size_connections{pool=\"registries-test\"} 3.0")
					.contains("db_pool_max_overflow_connections{pool=\"registries-test\"} 2.0")
					.contains("db_pool_checked_out_connections{pool=\"registries-test\"} 1.0");
			}
			assertThat(step.get("db.pool.size.connections").meter().getId().getType()).isEqualTo(Meter.Type.GAUGE);
			onStep.close();
			onPrometheus.close();
			assertThat(step.find("db.pool.size.connections").meter()).isNull();
		}
	}

	private static double value(MeterRegistry registry, String name) {
		return registry.get(name).tag("pool", "registries-test").gauge().value();
	}

	private static HikariDataSource pool() {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(database.jdbcUrl());
		dataSource.setUsername(database.username());
		dataSource.setPassword(database.password());
		dataSource.setMinimumIdle(3);
		dataSource.setMaximumPoolSize(5);
		return dataSource;
	}

}
