package io.github.pooltune.autoconfigure.hikari;

import java.sql.Connection;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.TestPools;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.diagnostics.DiagnosticsAutoConfiguration;
import io.github.pooltune.autoconfigure.endpoint.PooltuneEndpoint.PooltuneDescriptor;
import io.github.pooltune.autoconfigure.endpoint.PooltuneEndpoint;
import io.github.pooltune.autoconfigure.endpoint.PooltuneEndpointAutoConfiguration;
import io.github.pooltune.autoconfigure.endpoint.TuningSection.TuningDescriptor;
import io.github.pooltune.autoconfigure.health.DbHealthContributorAutoConfiguration;
import io.github.pooltune.autoconfigure.health.PoolHealthContributorAutoConfiguration;
import io.github.pooltune.autoconfigure.settings.InvalidPoolSettingsFailureAnalyzer;
import io.github.pooltune.autoconfigure.settings.Setting;
import io.github.pooltune.health.PoolAwareDataSourceHealthIndicator;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's pool next to pools the application builds itself: {@code db.*} tunes
 * Spring Boot's only, {@code db.pools.<bean-name>.*} tunes the pool of that name, and a
 * pool without a section keeps the application's settings and is observed like the
 * others. The application's pools are declared as Spring Boot's documentation says
 * ({@code @Bean(defaultCandidate = false)}), so that Spring Boot's pool stays.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class OtherPoolsTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				PoolHealthContributorAutoConfiguration.class, DbHealthContributorAutoConfiguration.class,
				DiagnosticsAutoConfiguration.class, PooltuneEndpointAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties())
		.withPropertyValues("management.endpoints.web.exposure.include=pooltune");

	@Test
	void aPoolTheApplicationStartedKeepsItsSizeAndIsShownByHealthAndTheEndpoint(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(AuditPoolConfiguration.class)
			.withPropertyValues("db.pool-size=4", "db.max-overflow=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HikariDataSource boot = context.getBean("dataSource", HikariDataSource.class);
				assertThat(boot.getMaximumPoolSize()).isEqualTo(6);
				HikariDataSource audit = context.getBean("audit", HikariDataSource.class);
				assertThat(audit.getMaximumPoolSize()).isEqualTo(3);
				assertThat(audit.getHikariPoolMXBean()).isNotNull();
				try (Connection connection = audit.getConnection()) {
					Health health = ((HealthIndicator) context.getBean("poolHealthContributor",
							CompositeHealthContributor.class).getContributor("audit")).health();
					assertThat(health.getStatus()).isEqualTo(Status.UP);
					assertThat(health.getDetails()).containsEntry("pool_size", 3)
						.containsEntry("max_overflow", 0)
						.containsEntry("checked_out", 1);
					PooltuneDescriptor endpoint = context.getBean(PooltuneEndpoint.class).pooltune();
					assertThat(endpoint.hikari().get("audit").maximumPoolSize()).isEqualTo(3);
					assertThat(endpoint.hikari().get("dataSource").maximumPoolSize()).isEqualTo(6);
					assertThat(endpoint.pool().get("audit")).containsEntry("checked_out", 1);
					assertThat(endpoint.diagnostics()).containsKeys("dataSource", "audit");
					assertThat(context.getBean("dbHealthContributor", CompositeHealthContributor.class)
						.getContributor("audit")).isInstanceOf(PoolAwareDataSourceHealthIndicator.class);
					assertThat(endpoint.tuning().get("audit").settingsFrom()).isEqualTo("application");
					assertThat(endpoint.tuning().get("audit").startedByApplication()).isTrue();
					assertThat(endpoint.tuning().get("audit").settings()).isEmpty();
					assertThat(endpoint.tuning().get("dataSource").settingsFrom()).isEqualTo("db.*");
					assertThat(endpoint.tuning().get("dataSource").settings().get("pool-size").environmentVariable())
						.isEqualTo("DB_POOL_SIZE");
				}
			});
		assertThat(output).containsOnlyOnce("HikariCP pool 'audit' was started by the application before pooltune "
				+ "saw it, so it keeps the application's settings")
			.contains("at most 3 connections (HikariCP maximumPoolSize=3, minimumIdle=3,")
			.containsOnlyOnce("Tuned HikariCP pool 'dataSource': pool-size=4");
	}

	@Test
	void aSectionTunesThePoolOfThatNameOnly(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(ReportingPoolConfiguration.class)
			.withPropertyValues("db.pool-timeout=7", "db.pools.reporting.pool-size=2")
			.run((context) -> {
				HikariDataSource reporting = context.getBean("reporting", HikariDataSource.class);
				assertThat(reporting.getMinimumIdle()).isEqualTo(2);
				assertThat(reporting.getMaximumPoolSize()).isEqualTo(12);
				assertThat(reporting.getConnectionTimeout()).isEqualTo(7_000);
				assertThat(reporting.getPoolName()).isEqualTo("reporting");
				HikariDataSource boot = context.getBean("dataSource", HikariDataSource.class);
				assertThat(boot.getMinimumIdle()).isEqualTo(5);
				assertThat(boot.getMaximumPoolSize()).isEqualTo(15);
				PoolTuning tuning = context.getBean(PoolTunings.class).get("reporting");
				assertThat(tuning.tunedBy()).isEqualTo("db.pools.reporting.*");
				assertThat(tuning.settings().get(Setting.POOL_SIZE).source())
					.startsWith("db.pools.reporting.pool-size from ");
				assertThat(tuning.settings().get(Setting.POOL_TIMEOUT).source()).startsWith("db.pool-timeout from ");
				assertThat(tuning.settings().get(Setting.MAX_OVERFLOW).source()).isEqualTo("default");
				assertThat(context.getBean(PoolTunings.class).get("dataSource").tunedBy()).isEqualTo("db.*");
				TuningDescriptor shown = context.getBean(PooltuneEndpoint.class).pooltune().tuning().get("reporting");
				assertThat(shown.settingsFrom()).isEqualTo("db.pools.reporting.*");
				assertThat(shown.maxConnections()).isEqualTo(12);
				assertThat(shown.settings().get("pool-size").value()).isEqualTo("2");
				assertThat(shown.settings().get("pool-size").environmentVariable())
					.isEqualTo("DB_POOLS_REPORTING_POOL_SIZE");
				assertThat(shown.settings().get("pool-timeout").source()).startsWith("db.pool-timeout from ");
				assertThat(shown.settings()).doesNotContainKey("instances");
			});
		assertThat(output).contains("pooltune settings win over the application's own settings for pool "
				+ "'reporting': maximumPoolSize=3 is replaced by 12 from db.pools.reporting.pool-size + "
				+ "db.pools.reporting.max-overflow")
			.containsOnlyOnce("Tuned HikariCP pool 'reporting' with db.pools.reporting.*: pool-size=2");
	}

	@Test
	void aSectionsPresetComesBeforeDbSettings() {
		this.contextRunner.withUserConfiguration(ReportingPoolConfiguration.class)
			.withPropertyValues("db.max-overflow=30", "db.preset=production", "db.pools.reporting.preset=local")
			.run((context) -> {
				PoolTuning tuning = context.getBean(PoolTunings.class).get("reporting");
				assertThat(tuning.settings().value(Setting.MAX_OVERFLOW)).isEqualTo(3);
				assertThat(tuning.settings().get(Setting.MAX_OVERFLOW).source())
					.isEqualTo("preset local (db.pools.reporting.preset)");
				assertThat(tuning.settings().get(Setting.POOL_RECYCLE).source())
					.isEqualTo("preset local (db.pools.reporting.preset)");
				assertThat(context.getBean("dataSource", HikariDataSource.class).getMaximumPoolSize()).isEqualTo(50);
			});
	}

	@Test
	void sectionsMatchBeanNamesIgnoringCaseAsEnvironmentVariablesAreUpperCase() {
		Map<String, Object> environment = Map.of("DB_POOLS_REPORTINGPOOL_POOL_SIZE", "2");
		this.contextRunner.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new EnvironmentVariables(environment)))
			.withUserConfiguration(ReportingPoolInCamelCaseConfiguration.class)
			.withPropertyValues("db.pools.REPORTINGPOOL.max-overflow=1")
			.run((context) -> {
				HikariDataSource reporting = context.getBean("reportingPool", HikariDataSource.class);
				assertThat(reporting.getMinimumIdle()).isEqualTo(2);
				assertThat(reporting.getMaximumPoolSize()).isEqualTo(3);
				PoolTuning tuning = context.getBean(PoolTunings.class).get("reportingPool");
				assertThat(tuning.settings().get(Setting.POOL_SIZE).source())
					.isEqualTo("environment DB_POOLS_REPORTINGPOOL_POOL_SIZE");
				assertThat(tuning.environmentVariable(Setting.POOL_SIZE))
					.isEqualTo("DB_POOLS_REPORTINGPOOL_POOL_SIZE");
			});
	}

	@Test
	void badInputInASectionNamesThePoolAndTheProperty() {
		assertThat(analysis("db.pools.reporting.pool-size=0")).contains(
				"pool 'reporting': DB_POOLS_REPORTING_POOL_SIZE (db.pools.reporting.pool-size) is \"0\"",
				"allowed: a whole number from 1 to 100", "remove its db.pools.<bean-name>.* section")
			.doesNotContain("pool 'dataSource'");
		assertThat(analysis("db.pools.reporting.pool-timeout=soon"))
			.contains("pool 'reporting': DB_POOLS_REPORTING_POOL_TIMEOUT (db.pools.reporting.pool-timeout) is "
					+ "\"soon\"");
		assertThat(analysis("db.pools.reporting.instances=2")).contains(
				"pool 'reporting': DB_POOLS_REPORTING_INSTANCES (db.pools.reporting.instances) is \"2\"",
				"instances is a setting of the whole service, not of one pool; set it as DB_INSTANCES (db.instances)");
		assertThat(analysis("db.pools.reporting.pool-sise=2")).contains(
				"pool 'reporting': DB_POOLS_REPORTING_POOL_SISE (db.pools.reporting.pool-sise) is \"2\"",
				"one of the pool settings pool-size, max-overflow,");
		// A value of db.* the section inherits is checked against the section's own.
		assertThat(analysis("db.connect-timeout=20", "db.pool-timeout=30", "db.pools.reporting.pool-timeout=10"))
			.contains("pool 'reporting': DB_CONNECT_TIMEOUT (db.connect-timeout) is \"20\"",
					"at most pool-timeout (10s)");
	}

	@Test
	void mistakesInDbAndInASectionAreReportedTogether() {
		assertThat(analysis("db.pool-size=0", "db.pools.reporting.max-overflow=-1")).contains(
				"    DB_POOL_SIZE (db.pool-size) is \"0\"",
				"    pool 'reporting': DB_POOLS_REPORTING_MAX_OVERFLOW (db.pools.reporting.max-overflow) is \"-1\"");
	}

	@Test
	void aSectionThatNamesNoPoolFailsTheStartListingThePools() {
		this.contextRunner.withUserConfiguration(ReportingPoolConfiguration.class)
			.withPropertyValues("db.pools.reportng.pool-size=2")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(UnknownPoolSectionException.class);
				FailureAnalysis analysis = new UnknownPoolSectionFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("db.pools.reportng.* (from ")
					.contains("the HikariDataSource beans are 'reporting', 'dataSource'");
			});
	}

	@Test
	void aSectionForAPoolTheApplicationStartedFailsTheStartNamingIt() {
		this.contextRunner.withUserConfiguration(AuditPoolConfiguration.class)
			.withPropertyValues("db.pools.audit.pool-size=2")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new PoolAlreadyStartedFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("pool of bean 'audit' was started")
					.contains("cannot apply db.pools.audit.* to it");
				assertThat(analysis.getAction()).contains("remove the db.pools.audit.* settings");
			});
	}

	@Test
	void aPoolFromJdbcConnectionDetailsIsSpringBootsPoolToo() {
		this.contextRunner.withBean(JdbcConnectionDetails.class, ConnectionDetails::new)
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere", "db.pool-size=3")
			.run((context) -> {
				HikariDataSource boot = context.getBean(HikariDataSource.class);
				assertThat(boot.getJdbcUrl()).isEqualTo(database.jdbcUrl());
				assertThat(boot.getMinimumIdle()).isEqualTo(3);
				assertThat(context.getBean(PoolTunings.class).get("dataSource").autoConfigured()).isTrue();
			});
	}

	private String analysis(String... properties) {
		String[] description = new String[1];
		this.contextRunner.withUserConfiguration(ReportingPoolConfiguration.class)
			.withPropertyValues(properties)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidPoolSettingsFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).as("analysis of " + context.getStartupFailure()).isNotNull();
				description[0] = analysis.getDescription() + "\n" + analysis.getAction();
			});
		return description[0];
	}

	private static HikariDataSource pool(int maximumPoolSize) {
		HikariDataSource dataSource = TestPools.unstarted();
		dataSource.setMaximumPoolSize(maximumPoolSize);
		return dataSource;
	}

	@Configuration(proxyBeanMethods = false)
	static class AuditPoolConfiguration {

		/** The usual way: the constructor taking a config starts the pool. */
		@Bean(defaultCandidate = false)
		HikariDataSource audit() {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(database.jdbcUrl());
			config.setUsername(database.username());
			config.setPassword(database.password());
			config.setMaximumPoolSize(3);
			return new HikariDataSource(config);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReportingPoolConfiguration {

		@Bean(defaultCandidate = false)
		HikariDataSource reporting() {
			return pool(3);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReportingPoolInCamelCaseConfiguration {

		@Bean(defaultCandidate = false)
		HikariDataSource reportingPool() {
			return pool(4);
		}

	}

	/** What a {@code @ServiceConnection} contributes. */
	static class ConnectionDetails implements JdbcConnectionDetails {

		@Override
		public String getUsername() {
			return database.username();
		}

		@Override
		public String getPassword() {
			return database.password();
		}

		@Override
		public String getJdbcUrl() {
			return database.jdbcUrl();
		}

	}

	/** Environment variables with their origin, as Spring Boot reads the real ones. */
	static class EnvironmentVariables extends SystemEnvironmentPropertySource implements OriginLookup<String> {

		EnvironmentVariables(Map<String, Object> variables) {
			super("test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables);
		}

		@Override
		public Origin getOrigin(String key) {
			String property = resolvePropertyName(key);
			return super.containsProperty(property) ? new SystemEnvironmentOrigin(property) : null;
		}

	}

}
