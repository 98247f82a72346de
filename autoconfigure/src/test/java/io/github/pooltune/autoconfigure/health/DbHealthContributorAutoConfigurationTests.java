package io.github.pooltune.autoconfigure.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.TestPools;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.health.PoolAwareDataSourceHealthIndicator;
import io.github.pooltune.test.RestartablePostgres;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code db} health contributor that takes Spring Boot's place, against
 * the real server.
 *
 * @author pooltune
 */
class DbHealthContributorAutoConfigurationTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				DbHealthContributorAutoConfiguration.class, DataSourceHealthContributorAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties());

	@Test
	void takesSpringBootsPlaceWithItsDetails() {
		this.contextRunner.run((context) -> {
			assertThat(context).getBean("dbHealthContributor").isInstanceOf(PoolAwareDataSourceHealthIndicator.class);
			context.getBean(HikariDataSource.class).getConnection().close();
			Health health = ((HealthIndicator) context.getBean("dbHealthContributor")).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).isEqualTo(Map.of("database", "PostgreSQL", "validationQuery", "isValid()"));
		});
	}

	@Test
	void answersAtOnceFromThePoolWhenEveryConnectionIsHeldAndThreadsWait() {
		this.contextRunner.withPropertyValues("db.pool-size=2", "db.max-overflow=1", "db.pool-timeout=30")
			.run((context) -> {
				HealthIndicator db = (HealthIndicator) context.getBean("dbHealthContributor");
				assertThat(db.health().getStatus()).isEqualTo(Status.UNKNOWN);
				Health health = whileExhausted(context.getBean(HikariDataSource.class), 3, 2, db);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("database", "PostgreSQL")
					.containsEntry("answeredFrom",
							"the pool's state: all 3 connections are in use (2 threads waiting), so none was borrowed");
			});
	}

	@Test
	void saysOneConnectionAndOneThreadInTheSingular() {
		this.contextRunner.withPropertyValues("db.pool-size=1", "db.max-overflow=0", "db.pool-timeout=30")
			.run((context) -> {
				HealthIndicator db = (HealthIndicator) context.getBean("dbHealthContributor");
				Health health = whileExhausted(context.getBean(HikariDataSource.class), 1, 1, db);
				assertThat(health.getDetails()).containsEntry("answeredFrom",
						"the pool's state: its only connection is in use (1 thread waiting), so none was borrowed");
			});
	}

	/**
	 * The indicator's answer while the test holds every connection and threads wait:
	 * within half a second, where Spring Boot's would wait for the 30 s pool timeout.
	 */
	private static Health whileExhausted(HikariDataSource dataSource, int connections, int waiting,
			HealthIndicator db) throws Exception {
		dataSource.getConnection().close();
		assertThat(db.health().getStatus()).isEqualTo(Status.UP);
		List<Connection> held = new ArrayList<>();
		ExecutorService waiters = Executors.newFixedThreadPool(waiting);
		try {
			for (int i = 0; i < connections; i++) {
				held.add(dataSource.getConnection());
			}
			for (int i = 0; i < waiting; i++) {
				waiters.submit(() -> {
					dataSource.getConnection().close();
					return null;
				});
			}
			awaitWaiting(dataSource, waiting);
			long start = System.nanoTime();
			Health health = CompletableFuture.supplyAsync(db::health).get(20, TimeUnit.SECONDS);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
			return health;
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
			waiters.shutdown();
			assertThat(waiters.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void downWithinASecondWhenTheServerStops() throws Exception {
		try (RestartablePostgres server = RestartablePostgres.start(Map.of())) {
			this.contextRunner
				.withPropertyValues("spring.datasource.url=" + server.jdbcUrl("postgres"),
						"spring.datasource.username=postgres", "spring.datasource.password=", "db.pool-size=2",
						"db.max-overflow=0", "db.pool-timeout=30")
				.run((context) -> {
					HikariDataSource dataSource = context.getBean(HikariDataSource.class);
					HealthIndicator db = (HealthIndicator) context.getBean("dbHealthContributor");
					dataSource.getConnection().close();
					assertThat(db.health().getStatus()).isEqualTo(Status.UP);
					server.stop();
					Thread.sleep(600); // past HikariCP's 500 ms window: the borrow validates the idle connection
					long start = System.nanoTime();
					Health health = db.health();
					Duration took = Duration.ofNanos(System.nanoTime() - start);
					assertThat(health.getStatus()).isEqualTo(Status.DOWN);
					assertThat(took).isLessThan(Duration.ofSeconds(3));
					assertThat(health.getDetails()).containsEntry("reason",
							"no connection could be had within 1000 ms: the pool holds none and cannot open one to "
									+ "the database");
					server.start();
				});
		}
	}

	@Test
	void anotherDataSourceGetsSpringBootsIndicatorAndEachHasItsEntry() {
		this.contextRunner.withUserConfiguration(TwoDataSourcesConfiguration.class).run((context) -> {
			CompositeHealthContributor db = context.getBean("dbHealthContributor", CompositeHealthContributor.class);
			assertThat(db.getContributor("pool")).isInstanceOf(PoolAwareDataSourceHealthIndicator.class);
			assertThat(db.getContributor("plain")).isExactlyInstanceOf(DataSourceHealthIndicator.class);
			assertThat(((HealthIndicator) db.getContributor("plain")).health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void anApplicationsOwnDbHealthContributorWins() {
		this.contextRunner.withUserConfiguration(OwnDbHealthConfiguration.class)
			.run((context) -> assertThat(context.getBean("dbHealthContributor"))
				.isSameAs(OwnDbHealthConfiguration.CONTRIBUTOR));
	}

	@Test
	void switchedOffWithSpringBootsProperty() {
		this.contextRunner.withPropertyValues("management.health.db.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("dbHealthContributor"));
	}

	@Test
	void springBootsOwnWhenPooltuneIsOff() {
		this.contextRunner.withPropertyValues("db.enabled=false")
			.run((context) -> assertThat(context).getBean("dbHealthContributor")
				.isExactlyInstanceOf(DataSourceHealthIndicator.class));
	}

	private static void awaitWaiting(HikariDataSource dataSource, int threads) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (dataSource.getHikariPoolMXBean().getThreadsAwaitingConnection() < threads) {
			assertThat(System.nanoTime()).as("threads waiting for a connection").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSourcesConfiguration {

		@Bean
		HikariDataSource pool() {
			return TestPools.unstarted();
		}

		@Bean
		SimpleDriverDataSource plain() throws SQLException {
			return new SimpleDriverDataSource(new org.postgresql.Driver(), database.jdbcUrl(), database.username(),
					database.password());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnDbHealthConfiguration {

		static final HealthContributor CONTRIBUTOR = (HealthIndicator) () -> Health.up().build();

		@Bean
		HealthContributor dbHealthContributor() {
			return CONTRIBUTOR;
		}

	}

}
