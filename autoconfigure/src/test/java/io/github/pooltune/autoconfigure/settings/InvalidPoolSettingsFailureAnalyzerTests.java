package io.github.pooltune.autoconfigure.settings;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Bad input fails start-up with an analysis that names the environment variable, the
 * property, the value given and the values allowed.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidPoolSettingsFailureAnalyzerTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties());

	@Test
	void poolSizeZero() {
		assertRejected("db.pool-size=0", "DB_POOL_SIZE (db.pool-size) is \"0\"", "a whole number from 1 to 100");
	}

	@Test
	void poolSizeAboveHundred() {
		assertRejected("db.pool-size=101", "DB_POOL_SIZE (db.pool-size) is \"101\"", "a whole number from 1 to 100");
	}

	@Test
	void poolSizeNotANumber() {
		assertRejected("db.pool-size=abc", "DB_POOL_SIZE (db.pool-size) is \"abc\"", "a whole number from 1 to 100");
	}

	@Test
	void maxOverflowNegative() {
		assertRejected("db.max-overflow=-1", "DB_MAX_OVERFLOW (db.max-overflow) is \"-1\"",
				"a whole number from 0 to 100");
	}

	@Test
	void maxOverflowAboveHundred() {
		assertRejected("db.max-overflow=101", "DB_MAX_OVERFLOW (db.max-overflow) is \"101\"",
				"a whole number from 0 to 100");
	}

	@Test
	void poolTimeoutZero() {
		assertRejected("db.pool-timeout=0", "DB_POOL_TIMEOUT (db.pool-timeout) is \"0\"",
				"a duration of at least 1s");
	}

	@Test
	void poolRecycleMinusTwo() {
		assertRejected("db.pool-recycle=-2", "DB_POOL_RECYCLE (db.pool-recycle) is \"-2\"",
				"-1 (never), or a duration of at least 30s, HikariCP's floor");
	}

	@Test
	void poolRecycleBelowHikariFloor() {
		assertRejected("db.pool-recycle=10", "DB_POOL_RECYCLE (db.pool-recycle) is \"10\"",
				"-1 (never), or a duration of at least 30s, HikariCP's floor");
	}

	@Test
	void prePingMaybe() {
		assertRejected("db.pool-pre-ping=maybe", "DB_POOL_PRE_PING (db.pool-pre-ping) is \"maybe\"", "true or false");
	}

	@Test
	void presetProd() {
		assertRejected("db.preset=prod", "DB_PRESET (db.preset) is \"prod\"", "local, staging or production");
	}

	@Test
	void everyProblemIsReportedAndNoPoolIsCreated() {
		this.contextRunner.withPropertyValues("db.pool-size=200", "db.max-overflow=5", "db.pool-recycle=10")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("DB_POOL_SIZE (db.pool-size) is \"200\"")
					.contains("DB_POOL_RECYCLE (db.pool-recycle) is \"10\"")
					.doesNotContain("DB_MAX_OVERFLOW");
			});
	}

	@Test
	void springApplicationPrintsThisAnalysisRatherThanTheGenericBindingOne(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--db.pool-size=abc",
				"--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password()));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("DB_POOL_SIZE (db.pool-size) is \"abc\" (from command line); allowed: a whole number from 1 to 100")
			.contains("set DB_ENABLED=false")
			.doesNotContain("Failed to bind properties under 'db.pool-size'");
	}

	@Test
	void instancesZero() {
		assertRejected("db.instances=0", "DB_INSTANCES (db.instances) is \"0\"", "a whole number from 1 to 1000");
	}

	@Test
	void reservedConnectionsNegative() {
		assertRejected("db.reserved-connections=-1", "DB_RESERVED_CONNECTIONS (db.reserved-connections) is \"-1\"",
				"a whole number from 0 to 10000");
	}

	@Test
	void capacityCheckMaybe() {
		assertRejected("db.capacity-check=maybe", "DB_CAPACITY_CHECK (db.capacity-check) is \"maybe\"",
				"warn, fail or off");
	}

	@Test
	void leakThresholdBelowHikariFloor() {
		assertRejected("db.pool-leak-threshold=1", "DB_POOL_LEAK_THRESHOLD (db.pool-leak-threshold) is \"1\"",
				"0 (off), or a duration of at least 2s");
	}

	@Test
	void keepaliveBelowHikariFloor() {
		assertRejected("db.pool-keepalive=10", "DB_POOL_KEEPALIVE (db.pool-keepalive) is \"10\"",
				"0 (off), or a duration of at least 30s");
	}

	@Test
	void keepaliveNotBelowRecycle() {
		this.contextRunner.withPropertyValues("db.pool-keepalive=1h", "db.pool-recycle=1800").run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("DB_POOL_KEEPALIVE (db.pool-keepalive) is \"1h\"")
				.contains("allowed: below pool-recycle (1800s), or HikariCP switches it off");
		});
	}

	@Test
	void connectTimeoutLongerThanPoolTimeout() {
		this.contextRunner.withPropertyValues("db.connect-timeout=60", "db.pool-timeout=30").run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("DB_CONNECT_TIMEOUT (db.connect-timeout) is \"60\"")
				.contains("allowed: at most pool-timeout (30s)");
		});
	}

	@Test
	void socketTimeoutNotAboveStatementTimeout() {
		this.contextRunner.withPropertyValues("db.socket-timeout=10", "db.statement-timeout=30").run((context) -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("DB_SOCKET_TIMEOUT (db.socket-timeout) is \"10\"")
				.contains("allowed: above statement-timeout (30s)");
		});
	}

	@Test
	void diagnosticsDurationsNotADuration() {
		assertRejected("db.slow-query-warn=soon", "DB_SLOW_QUERY_WARN (db.slow-query-warn) is \"soon\"",
				"a duration of at least 1s");
		assertRejected("db.statement-timeout=-5", "DB_STATEMENT_TIMEOUT (db.statement-timeout) is \"-5\"",
				"0 (off), or a duration");
	}

	private void assertRejected(String property, String expectedProblem, String expectedAllowed) {
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().satisfies((failure) -> assertThat(failure).isNotNull());
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis).as("failure analysis").isNotNull();
			assertThat(analysis.getDescription()).contains(expectedProblem).contains("allowed: " + expectedAllowed);
			assertThat(analysis.getAction()).contains("DB_ENABLED=false");
		});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		return new InvalidPoolSettingsFailureAnalyzer().analyze(failure);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class })
	static class MinimalApplication {

		// Asked for by the pool tuning, so start-up reaches the settings.
		MinimalApplication(org.springframework.beans.factory.ObjectProvider<HikariDataSource> dataSource) {
		}

	}

}
