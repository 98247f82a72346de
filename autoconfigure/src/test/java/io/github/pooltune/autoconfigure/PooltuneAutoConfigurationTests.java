package io.github.pooltune.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.hikari.PoolAlreadyStartedException;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.Setting;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PooltuneAutoConfiguration}: how the settings reach HikariCP.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class PooltuneAutoConfigurationTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties());

	@Test
	void defaultsGiveSqlAlchemysPoolOfFivePlusTen() {
		this.contextRunner.run((context) -> {
			HikariDataSource hikari = context.getBean(HikariDataSource.class);
			assertThat(hikari.getMinimumIdle()).isEqualTo(5);
			assertThat(hikari.getMaximumPoolSize()).isEqualTo(15);
			assertThat(hikari.getConnectionTimeout()).isEqualTo(30_000);
			assertThat(hikari.getMaxLifetime()).isEqualTo(3_600_000);
			assertThat(hikari.getIdleTimeout()).isEqualTo(10_000);
			assertThat(hikari.getKeepaliveTime()).isEqualTo(120_000);
			assertThat(hikari.getValidationTimeout()).isEqualTo(5_000);
		});
	}

	@Test
	void sqlalchemySemanticsMapToHikari() {
		this.contextRunner
			.withPropertyValues("db.pool-size=20", "db.max-overflow=30", "db.pool-timeout=12", "db.pool-recycle=600")
			.run((context) -> {
				HikariDataSource hikari = context.getBean(HikariDataSource.class);
				assertThat(hikari.getMinimumIdle()).isEqualTo(20);
				assertThat(hikari.getMaximumPoolSize()).isEqualTo(50);
				assertThat(hikari.getConnectionTimeout()).isEqualTo(12_000);
				assertThat(hikari.getMaxLifetime()).isEqualTo(600_000);
			});
	}

	@Test
	void durationsAcceptUnits() {
		this.contextRunner.withPropertyValues("db.pool-timeout=1500ms", "db.pool-recycle=2m").run((context) -> {
			HikariDataSource hikari = context.getBean(HikariDataSource.class);
			assertThat(hikari.getConnectionTimeout()).isEqualTo(1_500);
			assertThat(hikari.getMaxLifetime()).isEqualTo(120_000);
		});
	}

	@Test
	void recycleMinusOneMeansNever() {
		this.contextRunner.withPropertyValues("db.pool-recycle=-1").run((context) -> {
			HikariDataSource hikari = context.getBean(HikariDataSource.class);
			assertThat(hikari.getMaxLifetime()).isZero();
			assertThat(hikari.getKeepaliveTime()).isEqualTo(120_000);
		});
	}

	@Test
	void prePingFalseTurnsOffTheBackgroundPing() {
		this.contextRunner.withPropertyValues("db.pool-pre-ping=false")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getKeepaliveTime()).isZero());
	}

	@Test
	void keepaliveStaysBelowAShortRecycle() {
		this.contextRunner.withPropertyValues("db.pool-recycle=60").run((context) -> {
			HikariDataSource hikari = context.getBean(HikariDataSource.class);
			assertThat(hikari.getKeepaliveTime()).isEqualTo(30_000).isLessThan(hikari.getMaxLifetime());
		});
		this.contextRunner.withPropertyValues("db.pool-recycle=30")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getKeepaliveTime()).isZero());
	}

	@Test
	void validationNeverOutlastsAShortPoolTimeout() {
		this.contextRunner.withPropertyValues("db.pool-timeout=1")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getValidationTimeout())
				.isEqualTo(500));
	}

	@Test
	void noOverflowGivesAFixedPool(CapturedOutput output) {
		this.contextRunner.withPropertyValues("db.pool-size=4", "db.max-overflow=0").run((context) -> {
			HikariDataSource hikari = context.getBean(HikariDataSource.class);
			assertThat(hikari.getMinimumIdle()).isEqualTo(4);
			assertThat(hikari.getMaximumPoolSize()).isEqualTo(4);
			try (var connection = hikari.getConnection()) {
				assertThat(connection.isValid(1)).isTrue();
			}
		});
		assertThat(output).doesNotContain("has no effect");
	}

	@Test
	void presetSuppliesWhatIsNotSetExplicitly() {
		this.contextRunner.withPropertyValues("db.preset=production", "db.pool-size=7").run((context) -> {
			HikariDataSource hikari = context.getBean(HikariDataSource.class);
			assertThat(hikari.getMinimumIdle()).isEqualTo(7);
			assertThat(hikari.getMaximumPoolSize()).isEqualTo(27);
			assertThat(hikari.getMaxLifetime()).isEqualTo(1_800_000);
			PoolSettings settings = context.getBean(PoolSettings.class);
			assertThat(settings.get(Setting.POOL_SIZE).source()).isNotEqualTo("preset production");
			assertThat(settings.get(Setting.MAX_OVERFLOW).source()).isEqualTo("preset production");
		});
	}

	@Test
	void eachPresetHasTheSqlAlchemyGuidesValues() {
		this.contextRunner.withPropertyValues("db.preset=local")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(5));
		this.contextRunner.withPropertyValues("db.preset=staging")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(20));
		this.contextRunner.withPropertyValues("db.preset=PRODUCTION")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(40));
	}

	@Test
	void disabledLeavesThePoolToSpringBoot() {
		this.contextRunner.withPropertyValues("db.enabled=false", "db.pool-size=20").run((context) -> {
			assertThat(context).doesNotHaveBean(PoolSettings.class);
			assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(10);
		});
	}

	@Test
	void dbSettingsWinOverHikariPropertiesWithOneWarning(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("db.pool-size=8", "db.max-overflow=4", "spring.datasource.hikari.maximum-pool-size=30",
					"spring.datasource.hikari.connection-timeout=30000", "spring.datasource.hikari.max-lifetime=60000")
			.run((context) -> {
				HikariDataSource hikari = context.getBean(HikariDataSource.class);
				assertThat(hikari.getMaximumPoolSize()).isEqualTo(12);
				assertThat(hikari.getMaxLifetime()).isEqualTo(3_600_000);
			});
		assertThat(output).containsOnlyOnce("pooltune settings win over spring.datasource.hikari.*")
			.contains("spring.datasource.hikari.maximum-pool-size=30")
			.contains("is replaced by 12 from db.pool-size + db.max-overflow")
			.contains("spring.datasource.hikari.max-lifetime=60000")
			.doesNotContain("spring.datasource.hikari.connection-timeout=30000");
	}

	@Test
	void explicitHikariIdleTimeoutIsKept() {
		this.contextRunner.withPropertyValues("spring.datasource.hikari.idle-timeout=45000")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getIdleTimeout()).isEqualTo(45_000));
	}

	@Test
	void startupLineNamesEverySettingAndItsSourceButNoSecret(CapturedOutput output) {
		this.contextRunner.withPropertyValues("db.pool-size=20", "spring.datasource.password=s3cr3t-Pa55")
			.run((context) -> assertThat(context).hasSingleBean(HikariDataSource.class));
		assertThat(output).containsOnlyOnce("Tuned HikariCP pool 'dataSource'")
			.contains("pool-size=20 (")
			.contains("max-overflow=10 (default)")
			.contains("pool-timeout=30s (default)")
			.contains("pool-recycle=3600s (default)")
			.contains("pool-pre-ping=true (default)")
			.contains("at most 30 connections")
			.doesNotContain("s3cr3t-Pa55")
			.doesNotContain(database.jdbcUrl());
	}

	@Test
	void aPoolIsNamedAfterItsBeanUnlessItHasAName(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			HikariDataSource hikari = context.getBean(HikariDataSource.class);
			assertThat(hikari.getPoolName()).isEqualTo("dataSource");
			hikari.getConnection().close();
		});
		assertThat(output).contains("dataSource - Start completed.").doesNotContain("HikariPool-");
		this.contextRunner.withPropertyValues("spring.datasource.hikari.pool-name=orders")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getPoolName()).isEqualTo("orders"));
	}

	@Test
	void nonHikariDataSourceIsLeftAloneWithOneInfoLine(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.datasource.type=" + SimpleDriverDataSource.class.getName(), "db.pool-size=20")
			.run((context) -> {
				assertThat(context).hasSingleBean(DataSource.class).doesNotHaveBean(HikariDataSource.class);
				try (var connection = context.getBean(DataSource.class).getConnection()) {
					assertThat(connection.isValid(1)).isTrue();
				}
			});
		assertThat(output).containsOnlyOnce("DataSource 'dataSource' is a " + SimpleDriverDataSource.class.getName()
				+ ", not HikariCP: pooltune leaves it as it is");
		assertThat(output).doesNotContain("Tuned HikariCP pool");
	}

	@Test
	void applicationsOwnHikariDataSourceKeepsItsSettingsAndIsNamedInOneLine(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(OwnPoolConfiguration.class)
			.withPropertyValues("db.pool-size=3", "db.max-overflow=2")
			.run((context) -> {
				HikariDataSource hikari = context.getBean(HikariDataSource.class);
				assertThat(hikari.getPoolName()).isEqualTo("own");
				assertThat(hikari.getMaximumPoolSize()).isEqualTo(50);
				assertThat(hikari.getConnectionTimeout()).isEqualTo(30_000);
				try (var connection = hikari.getConnection()) {
					assertThat(connection.isValid(1)).isTrue();
				}
			});
		// Named dataSource, but the application's own bean: db.* is for Spring Boot's pool.
		assertThat(output).containsOnlyOnce("HikariCP pool 'dataSource' keeps the application's settings")
			.contains("at most 50 connections (HikariCP maximumPoolSize=50, minimumIdle=50,")
			.doesNotContain("Tuned HikariCP pool");
	}

	@Test
	void eachPoolGetsTheSettingsMeantForItAndItsOwnLine(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(TwoPoolsConfiguration.class)
			.withPropertyValues("db.pool-size=3", "db.max-overflow=1", "db.pools.reportingPool.pool-size=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HikariDataSource primary = context.getBean("primaryPool", HikariDataSource.class);
				assertThat(primary.getMaximumPoolSize()).isEqualTo(10);
				assertThat(primary.getMinimumIdle()).isEqualTo(-1);
				HikariDataSource reporting = context.getBean("reportingPool", HikariDataSource.class);
				assertThat(reporting.getMinimumIdle()).isEqualTo(2);
				assertThat(reporting.getMaximumPoolSize()).isEqualTo(3);
			});
		assertThat(output).containsOnlyOnce("HikariCP pool 'primaryPool' keeps the application's settings")
			.containsOnlyOnce("Tuned HikariCP pool 'reportingPool' with db.pools.reportingPool.*: pool-size=2 "
					+ "(db.pools.reportingPool.pool-size from ")
			.contains("max-overflow=1 (db.max-overflow from ")
			.contains("pool-timeout=30s (default)");
	}

	@Test
	void aPoolTheApplicationStartedIsObservedWithItsOwnSettings(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(StartedPoolConfiguration.class)
			.withPropertyValues("db.pool-size=20")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HikariDataSource hikari = context.getBean(HikariDataSource.class);
				assertThat(hikari.getHikariPoolMXBean()).isNotNull();
				assertThat(hikari.getMaximumPoolSize()).isEqualTo(10);
			});
		assertThat(output).containsOnlyOnce("HikariCP pool 'dataSource' was started by the application before "
				+ "pooltune saw it, so it keeps the application's settings");
	}

	@Test
	void aSectionForAPoolTheApplicationStartedFailsTheStartNamingIt() {
		this.contextRunner.withUserConfiguration(StartedPoolConfiguration.class)
			.withPropertyValues("db.pools.dataSource.pool-size=2")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(PoolAlreadyStartedException.class)
					.hasMessageContaining("'dataSource'")
					.hasMessageContaining("db.pools.dataSource.*");
			});
	}

	private static HikariDataSource pool(String name) {
		HikariDataSource dataSource = TestPools.unstarted();
		dataSource.setPoolName(name);
		return dataSource;
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnPoolConfiguration {

		@Bean
		HikariDataSource dataSource() {
			HikariDataSource dataSource = pool("own");
			dataSource.setMaximumPoolSize(50);
			return dataSource;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoPoolsConfiguration {

		@Bean
		HikariDataSource primaryPool() {
			return pool("primary");
		}

		@Bean
		HikariDataSource reportingPool() {
			return pool("reporting");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StartedPoolConfiguration {

		@Bean
		HikariDataSource dataSource() {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(database.jdbcUrl());
			config.setUsername(database.username());
			config.setPassword(database.password());
			return new HikariDataSource(config);
		}

	}

}
