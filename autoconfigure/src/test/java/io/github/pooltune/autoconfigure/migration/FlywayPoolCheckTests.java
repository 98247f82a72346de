package io.github.pooltune.autoconfigure.migration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.test.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Flyway on a pool of one, for real: Flyway holds one connection and asks for a second
 * on the same thread. pooltune refuses that pool before the migration instead of letting
 * start-up wait DB_POOL_TIMEOUT, and says what to change; the pool sizes and the Flyway
 * setting it names do start.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class FlywayPoolCheckTests {

	private static final TestDatabase database = TestDatabase.get();

	private static final String ACTION = "pool-size + max-overflow must be at least 2, for example DB_MAX_OVERFLOW=1";

	@Test
	void poolOfOneFailsBeforeTheMigrationWaits(CapturedOutput output) {
		long started = System.nanoTime();
		SpringApplication application = application(FlywayApplication.class);
		assertThatException()
			.isThrownBy(() -> application.run(args("--db.pool-size=1", "--db.max-overflow=0", "--db.pool-timeout=30")));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to fail").isLessThan(Duration.ofSeconds(20));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Flyway needs 2 connections at once, and pool 'dataSource' opens at most 1 (pool-size 1 from "
					+ "command line + max-overflow 0 from command line).")
			.contains("that borrow would wait DB_POOL_TIMEOUT (30s) and fail, so start-up stops here instead.")
			.contains("Flyway holds one connection for its lock and asks for a second on the same thread to migrate")
			.contains(ACTION)
			.contains("spring.flyway.postgresql.transactional-lock=false")
			.doesNotContain("\tat ")
			.doesNotContain("Application run failed")
			.doesNotContain("Who holds the connections is unknown")
			.doesNotContain("Successfully applied");
	}

	@Test
	void onePlusOneOverflowMigrates() {
		try (ConfigurableApplicationContext context = application(FlywayApplication.class)
			.run(args("--db.pool-size=1", "--db.max-overflow=1"))) {
			assertThat(context.getBean(Flyway.class).info().current().getVersion()).hasToString("1");
		}
	}

	@Test
	void withoutTheTransactionalLockFlywayMigratesOnOneConnection() {
		try (ConfigurableApplicationContext context = application(FlywayApplication.class).run(args(
				"--db.pool-size=1", "--db.max-overflow=0", "--spring.flyway.postgresql.transactional-lock=false"))) {
			assertThat(context.getBean(Flyway.class).info().current().getVersion()).hasToString("1");
		}
	}

	/**
	 * An application's own migration strategy may not migrate, so the check stands back;
	 * when it does migrate, the borrow times out and the analysis still says why.
	 */
	@Test
	void ownMigrationStrategyWaitsThePoolTimeoutThenGetsTheSameAdvice(CapturedOutput output) {
		SpringApplication application = application(OwnStrategyApplication.class);
		assertThatException()
			.isThrownBy(() -> application.run(args("--db.pool-size=1", "--db.max-overflow=0", "--db.pool-timeout=1",
					"--db.connect-timeout=1")));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.containsPattern("Flyway needs 2 connections at once, and pool 'dataSource' had only 1\\.")
			.containsPattern("that borrow waited \\d+ ms \\(DB_POOL_TIMEOUT\\) and failed")
			.contains(ACTION)
			.doesNotContain("\tat ")
			.doesNotContain("Application run failed");
	}

	@Test
	void checksOnlyWhereSpringBootBuildsFlywayForPostgresql() {
		ApplicationContextRunner contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					PooltuneAutoConfiguration.class, MigrationAutoConfiguration.class))
			.withPropertyValues(database.springDatasourceProperties());
		contextRunner.run((context) -> assertThat(context).hasSingleBean(FlywayPoolCheck.class));
		contextRunner.withPropertyValues("db.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FlywayPoolCheck.class));
		contextRunner.withBean(FlywayMigrationStrategy.class, () -> (flyway) -> {
		}).run((context) -> assertThat(context).doesNotHaveBean(FlywayPoolCheck.class));
		contextRunner.withClassLoader(new FilteredClassLoader(PostgreSQLConfigurationExtension.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FlywayPoolCheck.class));
		contextRunner.withClassLoader(new FilteredClassLoader(Flyway.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FlywayPoolCheck.class));
	}

	/** The test database, a schema of the test's own for Flyway, and the given arguments. */
	private static String[] args(String... more) {
		List<String> args = new ArrayList<>(List.of(database.springDatasourceProperties()));
		args.replaceAll((property) -> "--" + property);
		args.add("--spring.flyway.locations=classpath:db/startup");
		args.add("--spring.flyway.schemas=pooltune_flyway_" + Long.toString(System.nanoTime(), 36));
		args.addAll(List.of(more));
		return args.toArray(String[]::new);
	}

	private static SpringApplication application(Class<?> type) {
		SpringApplication application = new SpringApplication(type);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class FlywayApplication {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class OwnStrategyApplication {

		@Bean
		FlywayMigrationStrategy migrateOnly() {
			return Flyway::migrate;
		}

	}

}
