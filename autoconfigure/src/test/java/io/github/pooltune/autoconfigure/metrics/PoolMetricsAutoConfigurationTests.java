package io.github.pooltune.autoconfigure.metrics;

import java.sql.Connection;
import java.sql.SQLTransientConnectionException;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.test.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The SQLAlchemy pooling guide's {@code db_pool_*} metrics as Prometheus scrapes them,
 * next to Spring Boot's unchanged {@code hikaricp_*}.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class PoolMetricsAutoConfigurationTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				PoolMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
				DataSourcePoolMetricsAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties())
		.withPropertyValues("spring.datasource.hikari.pool-name=metrics-test", "db.pool-size=2", "db.max-overflow=1",
				"db.pool-timeout=1");

	@Test
	void exportsThePoolInTheSqlAlchemyGuidesNamesTaggedWithThePoolName() {
		this.contextRunner.run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection();
					Connection third = dataSource.getConnection()) {
				String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
				assertThat(scrape).contains("db_pool_size_connections{pool=\"metrics-test\"} 2.0")
					.contains("db_pool_max_overflow_connections{pool=\"metrics-test\"} 1.0")
					.contains("db_pool_checked_out_connections{pool=\"metrics-test\"} 3.0")
					.contains("db_pool_checked_in_connections{pool=\"metrics-test\"} 0.0")
					.contains("db_pool_overflow_connections{pool=\"metrics-test\"} 1.0")
					.contains("db_pool_utilization{pool=\"metrics-test\"} 1.0")
					.contains("db_pool_waiting_threads{pool=\"metrics-test\"} 0.0");
			}
		});
	}

	@Test
	void countsTimeoutsWhileLeaseTimesStayHikarisOwn() {
		this.contextRunner.run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection();
					Connection third = dataSource.getConnection()) {
				assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(dataSource::getConnection);
			}
			String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
			assertThat(scrape).contains("db_pool_timeouts_total{pool=\"metrics-test\"} 1.0")
				.contains("hikaricp_connections_usage_seconds_count{pool=\"metrics-test\"} 3")
				.doesNotContain("db_pool_connection_lease");
		});
	}

	@Test
	void springBootsHikariMetricsStayAsTheyAre() {
		this.contextRunner.run((context) -> {
			try (Connection connection = context.getBean(HikariDataSource.class).getConnection()) {
				String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
				assertThat(scrape).contains("hikaricp_connections_active{pool=\"metrics-test\"} 1.0")
					.contains("hikaricp_connections_max{pool=\"metrics-test\"} 3.0")
					.contains("hikaricp_connections_acquire_seconds_count{pool=\"metrics-test\"}");
			}
		});
	}

	@Test
	void aPoolWithoutANameIsTaggedWithItsBeanName() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				PooltuneAutoConfiguration.class, PoolMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
				DataSourcePoolMetricsAutoConfiguration.class))
			.withPropertyValues(database.springDatasourceProperties())
			.run((context) -> {
			try (Connection connection = context.getBean(HikariDataSource.class).getConnection()) {
				String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
				assertThat(scrape).contains("db_pool_checked_out_connections{pool=\"dataSource\"} 1.0")
					.contains("hikaricp_connections_active{pool=\"dataSource\"} 1.0")
					.doesNotContain("HikariPool-");
			}
		});
	}

	@Test
	void poolEventsAtDebugUnderOneLogger(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel(PoolEvents.LOGGER_NAME, LogLevel.DEBUG);
		try {
			this.contextRunner.run((context) -> {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection();
						Connection third = dataSource.getConnection()) {
					assertThatExceptionOfType(SQLTransientConnectionException.class)
						.isThrownBy(dataSource::getConnection);
				}
			});
		}
		finally {
			logging.setLogLevel(PoolEvents.LOGGER_NAME, null);
		}
		assertThat(output).contains("metrics-test - connection opened in ")
			.contains("metrics-test - borrow timed out after 1000 ms: 3 of 3 connections in use");
	}

}
