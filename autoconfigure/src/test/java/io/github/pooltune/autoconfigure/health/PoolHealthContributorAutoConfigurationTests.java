package io.github.pooltune.autoconfigure.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.TestPools;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the {@code pool} health contributor.
 *
 * @author pooltune
 */
class PoolHealthContributorAutoConfigurationTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				PoolHealthContributorAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties());

	@Test
	void reportsThePoolInSqlAlchemysWords() {
		this.contextRunner.withPropertyValues("db.pool-size=2", "db.max-overflow=2").run((context) -> {
			HealthIndicator pool = (HealthIndicator) context.getBean("poolHealthContributor");
			assertThat(pool.health().getStatus()).isEqualTo(Status.UP);
			assertThat(pool.health().getDetails()).containsEntry("started", false);
			try (Connection held = context.getBean(HikariDataSource.class).getConnection()) {
				Health health = pool.health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("pool_size", 2)
					.containsEntry("max_overflow", 2)
					.containsEntry("checked_out", 1)
					.containsEntry("waiting", 0)
					.containsEntry("utilization", 0.25)
					.containsEntry("overflow", 0)
					.containsKeys("available", "overflow", "total_connections")
					.doesNotContainKey("started");
			}
		});
	}

	@Test
	void answersWhileEveryConnectionIsHeldAndSaysSoWithoutFailing() {
		this.contextRunner.withPropertyValues("db.pool-size=2", "db.max-overflow=1", "db.pool-timeout=60")
			.run((context) -> {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				HealthIndicator pool = (HealthIndicator) context.getBean("poolHealthContributor");
				List<Connection> held = new ArrayList<>();
				try {
					for (int i = 0; i < 3; i++) {
						held.add(dataSource.getConnection());
					}
					// A check that borrowed a connection would wait for one of these, which
					// are only released after it answered (or the 60 s pool timeout).
					Health health = CompletableFuture.supplyAsync(pool::health).get(20, TimeUnit.SECONDS);
					assertThat(health.getStatus()).isEqualTo(Status.UP);
					assertThat(health.getDetails()).containsEntry("checked_out", 3)
						.containsEntry("available", 0)
						.containsEntry("overflow", 1)
						.containsEntry("utilization", 1.0);
				}
				finally {
					for (Connection connection : held) {
						connection.close();
					}
				}
			});
	}

	@Test
	void downWhenThePoolCannotOpenConnections() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere", "db.pool-timeout=1",
					"spring.datasource.hikari.initialization-fail-timeout=-1")
			.run((context) -> {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				assertThatExceptionOfType(SQLException.class).isThrownBy(dataSource::getConnection);
				Health health = ((HealthIndicator) context.getBean("poolHealthContributor")).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("total_connections", 0)
					.containsEntry("reason", "the pool holds no connection and cannot open one to the database");
			});
	}

	@Test
	void onePoolEntryPerDataSourceWhenThereAreSeveral() {
		this.contextRunner.withUserConfiguration(TwoPoolsConfiguration.class).run((context) -> {
			HealthContributor contributor = context.getBean("poolHealthContributor", HealthContributor.class);
			assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
			CompositeHealthContributor composite = (CompositeHealthContributor) contributor;
			assertThat(composite.getContributor("primaryPool")).isInstanceOf(HealthIndicator.class);
			assertThat(composite.getContributor("reportingPool")).isInstanceOf(HealthIndicator.class);
		});
	}

	@Test
	void canBeSwitchedOffLikeAnyHealthIndicator() {
		this.contextRunner.withPropertyValues("management.health.pool.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("poolHealthContributor"));
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoPoolsConfiguration {

		@Bean
		HikariDataSource primaryPool() {
			return pool();
		}

		@Bean
		HikariDataSource reportingPool() {
			return pool();
		}

		private static HikariDataSource pool() {
			return TestPools.unstarted();
		}

	}

}
