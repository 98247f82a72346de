package io.github.pooltune.autoconfigure.settings;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.TestPools;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.hikari.PoolTunings;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code db.credentials-lifetime} ({@code DB_CREDENTIALS_LIFETIME}): once declared, a
 * connection must be recycled before its credentials expire, so {@code pool-recycle}
 * below it starts, at or above it, or never, stops the start-up naming both settings,
 * the values and the limit; not declared, nothing is checked. A pool's section holds it
 * like any other pool setting.
 *
 * @author pooltune
 */
class CredentialsLifetimeTests {

	private static final TestDatabase database = TestDatabase.get();

	private static final String LIMIT = "allowed: below credentials-lifetime (900s), so that no connection outlives "
			+ "its credentials (DB_CREDENTIALS_LIFETIME)";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties());

	@Test
	void recycleBelowTheLifetimeStarts() {
		this.contextRunner.withPropertyValues("db.credentials-lifetime=15m", "db.pool-recycle=10m").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(HikariDataSource.class).getMaxLifetime()).isEqualTo(600_000);
			PoolSettings settings = context.getBean(PoolTunings.class).get("dataSource").settings();
			assertThat(settings.value(Setting.CREDENTIALS_LIFETIME)).isEqualTo(Duration.ofMinutes(15));
			assertThat(settings.get(Setting.CREDENTIALS_LIFETIME).isExplicit()).isTrue();
		});
	}

	@Test
	void recycleAtOrAboveTheLifetimeFailsNamingBoth() {
		assertThat(analysis("db.credentials-lifetime=15m", "db.pool-recycle=900"))
			.contains("DB_POOL_RECYCLE (db.pool-recycle) is \"900\" (from ", LIMIT);
		assertThat(analysis("db.credentials-lifetime=900", "db.pool-recycle=2h"))
			.contains("DB_POOL_RECYCLE (db.pool-recycle) is \"2h\" (from ", LIMIT);
	}

	@Test
	void theDefaultRecycleIsCheckedToo() {
		// 3600 s by default: a 15-minute token asks for a shorter recycle, said at start-up.
		assertThat(analysis("db.credentials-lifetime=15m"))
			.contains("DB_POOL_RECYCLE (db.pool-recycle) is \"3600s\" (from default)", LIMIT);
	}

	@Test
	void neverRecycledFailsWhenTheCredentialsExpire() {
		assertThat(analysis("db.credentials-lifetime=15m", "db.pool-recycle=-1"))
			.contains("DB_POOL_RECYCLE (db.pool-recycle) is \"-1\" (from ", LIMIT);
	}

	@Test
	void notSetOrOffNothingIsChecked() {
		this.contextRunner.withPropertyValues("db.pool-recycle=-1").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(HikariDataSource.class).getMaxLifetime()).isZero();
			PoolSettings settings = context.getBean(PoolTunings.class).get("dataSource").settings();
			assertThat(settings.value(Setting.CREDENTIALS_LIFETIME)).isNull();
		});
		this.contextRunner.withPropertyValues("db.credentials-lifetime=0", "db.pool-recycle=-1")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void tooShortALifetimeIsRefusedOnItsOwn() {
		assertThat(analysis("db.credentials-lifetime=30", "db.pool-recycle=30"))
			.contains("DB_CREDENTIALS_LIFETIME (db.credentials-lifetime) is \"30\"",
					"allowed: 0 (off), or a duration of at least 60s");
	}

	@Test
	void aSectionDeclaresItsPoolsLifetime() {
		this.contextRunner.withUserConfiguration(TestPools.Reporting.class)
			.withPropertyValues("db.pool-recycle=-1", "db.pools.reporting.credentials-lifetime=15m",
					"db.pools.reporting.pool-recycle=10m")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("reporting", HikariDataSource.class).getMaxLifetime()).isEqualTo(600_000);
				assertThat(context.getBean("dataSource", HikariDataSource.class).getMaxLifetime()).isZero();
				assertThat(context.getBean(PoolTunings.class)
					.get("reporting")
					.settings()
					.get(Setting.CREDENTIALS_LIFETIME)
					.source()).startsWith("db.pools.reporting.credentials-lifetime from ");
			});
		// The section's lifetime against the recycle it inherits from db.*, and the other way round.
		assertThat(sectionAnalysis("db.pool-recycle=1800", "db.pools.reporting.credentials-lifetime=15m"))
			.contains("pool 'reporting': DB_POOL_RECYCLE (db.pool-recycle) is \"1800\"", LIMIT)
			.doesNotContain("    DB_POOL_RECYCLE");
		assertThat(sectionAnalysis("db.credentials-lifetime=15m", "db.pool-recycle=10m",
				"db.pools.reporting.pool-recycle=-1"))
			.contains("pool 'reporting': DB_POOLS_REPORTING_POOL_RECYCLE (db.pools.reporting.pool-recycle) is \"-1\"",
					LIMIT);
	}

	@Test
	void aSectionWhosePoolsCredentialsDoNotExpireSwitchesTheCheckOff() {
		this.contextRunner.withUserConfiguration(TestPools.Reporting.class)
			.withPropertyValues("db.credentials-lifetime=15m", "db.pool-recycle=10m",
					"db.pools.reporting.credentials-lifetime=0", "db.pools.reporting.pool-recycle=-1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("reporting", HikariDataSource.class).getMaxLifetime()).isZero();
				assertThat(context.getBean("dataSource", HikariDataSource.class).getMaxLifetime()).isEqualTo(600_000);
			});
	}

	private String analysis(String... properties) {
		return analysis(this.contextRunner.withPropertyValues(properties));
	}

	private String sectionAnalysis(String... properties) {
		return analysis(this.contextRunner.withUserConfiguration(TestPools.Reporting.class)
			.withPropertyValues(properties));
	}

	private static String analysis(ApplicationContextRunner runner) {
		StringBuilder description = new StringBuilder();
		runner.run((context) -> description.append(analysis(context).getDescription()));
		return description.toString();
	}

	private static FailureAnalysis analysis(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new InvalidPoolSettingsFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("pooltune's failure analysis of " + context.getStartupFailure()).isNotNull();
		return analysis;
	}

}
