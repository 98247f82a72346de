package io.github.pooltune.autoconfigure.tuning;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.pooltune.autoconfigure.TestPools;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.capacity.CapacityAutoConfiguration;
import io.github.pooltune.autoconfigure.capacity.CapacityCheck;
import io.github.pooltune.autoconfigure.metrics.PoolMetricsAutoConfiguration;
import io.github.pooltune.capacity.CapacityReport;
import io.github.pooltune.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RuntimeTuning} and its auto-configuration, on pools of the real
 * server: they grow and shrink as HikariCP counts them and as its Micrometer gauge shows,
 * and a change that breaks a rule of start-up or the fleet's budget changes nothing.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class RuntimeTuningTests {

	private static final TestDatabase database = TestDatabase.get();

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				CapacityAutoConfiguration.class, RuntimeTuningAutoConfiguration.class, PoolMetricsAutoConfiguration.class,
				MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, DataSourcePoolMetricsAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties())
		.withPropertyValues("db.pool-size=2", "db.max-overflow=0", "db.pool-timeout=1");

	@Test
	void growsAndShrinksTheRunningPoolAsHikariAndItsGaugeCountIt(CapturedOutput output) {
		// With the capacity check done, as it is a second after the application is ready.
		this.contextRunner.withPropertyValues("db.capacity-check=fail").run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			RuntimeTuning tuning = context.getBean(RuntimeTuning.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			List<Connection> held = new ArrayList<>();
			try {
				held.add(dataSource.getConnection());
				held.add(dataSource.getConnection());
				assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(dataSource::getConnection);
				assertThat(maxGauge(registry)).isEqualTo(2);

				TuningResult grown = tuning.apply("dataSource", Map.of("maxOverflow", "4"));

				assertThat(grown.changes()).containsExactly(
						new TuningResult.Change("maxOverflow", "db.max-overflow", "0", "4", "runtime"));
				assertThat(grown.hikari().maximumPoolSize()).isEqualTo(6);
				assertThat(grown.hikari().minimumIdle()).isEqualTo(2);
				for (int i = 0; i < 4; i++) {
					held.add(dataSource.getConnection());
				}
				HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
				assertThat(pool.getTotalConnections()).isEqualTo(6);
				assertThat(pool.getActiveConnections()).isEqualTo(6);
				await().atMost(WAIT).until(() -> maxGauge(registry) == 6);
			}
			finally {
				close(held);
			}
			assertThat(output).contains("Pool 'dataSource': max-overflow 0 → 4 (runtime); HikariCP maximumPoolSize 2 → 6");

			TuningResult shrunk = tuning.apply("dataSource", ordered("poolSize", "1", "maxOverflow", "0"));

			assertThat(shrunk.changes()).extracting(TuningResult.Change::setting).containsExactly("poolSize",
					"maxOverflow");
			assertThat(shrunk.hikari().maximumPoolSize()).isEqualTo(1);
			assertThat(shrunk.hikari().minimumIdle()).isEqualTo(1);
			HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
			await().atMost(WAIT).until(() -> pool.getTotalConnections() == 1 && pool.getIdleConnections() == 1);
			await().atMost(WAIT).until(() -> maxGauge(registry) == 1);
			try (Connection only = dataSource.getConnection()) {
				assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(dataSource::getConnection);
			}
			assertThat(output).contains("Pool 'dataSource': pool-size 2 → 1 (runtime); HikariCP minimumIdle 2 → 1, "
					+ "maximumPoolSize 6 → 1" + System.lineSeparator())
				.contains("Pool 'dataSource': max-overflow 4 → 0 (runtime); HikariCP maximumPoolSize 6 → 1, idleTimeout "
						+ "10000 → 600000; 6 connections open, more than the new maximum of 1: HikariCP replaces them");
		});
	}

	@Test
	void changesTimeoutsRecycleAndLeakThresholdWhileThePoolRuns(CapturedOutput output) {
		this.contextRunner.withPropertyValues("db.pool-timeout=30").run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			try (Connection connection = dataSource.getConnection()) {
				TuningResult result = context.getBean(RuntimeTuning.class)
					.apply("dataSource", ordered("poolTimeout", "10s", "poolRecycle", "30m", "poolLeakThreshold", "60"));
				assertThat(result.changes()).extracting(TuningResult.Change::to).containsExactly("10s", "1800s", "60s");
			}
			assertThat(dataSource.getConnectionTimeout()).isEqualTo(10_000);
			assertThat(dataSource.getMaxLifetime()).isEqualTo(1_800_000);
			assertThat(dataSource.getLeakDetectionThreshold()).isEqualTo(60_000);
			assertThat(dataSource.getValidationTimeout()).isLessThanOrEqualTo(5_000);
			assertThat(output).contains("Pool 'dataSource': pool-timeout 30s → 10s (runtime); HikariCP connectionTimeout "
					+ "30000 → 10000")
				.contains("Pool 'dataSource': pool-leak-threshold 0 (off) → 60s (runtime); HikariCP leakDetectionThreshold 0 → 60000");
		});
	}

	@Test
	void refusesWhatStartUpRefusesAndChangesNothing() {
		this.contextRunner.withPropertyValues("db.pool-timeout=30").run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			RuntimeTuning tuning = context.getBean(RuntimeTuning.class);
			assertThat(refusals(tuning, ordered("poolSize", "4", "maxOverflow", "200")))
				.containsExactly(new Refusal("maxOverflow", "db.max-overflow", "200", "a whole number from 0 to 100"));
			assertThat(refusals(tuning, Map.of("poolTimeout", "500ms"))).singleElement()
				.satisfies((refusal) -> assertThat(refusal.limit()).startsWith("a duration of at least 1s"));
			assertThat(refusals(tuning, Map.of("poolTimeout", "5s"))).singleElement().satisfies((refusal) -> {
				assertThat(refusal.setting()).isEqualTo("connectTimeout");
				assertThat(refusal.value()).isEqualTo("10s");
				assertThat(refusal.limit()).startsWith("at most pool-timeout (5s)");
			});
			assertThat(refusals(tuning, Map.of("maxOverflow", "many"))).singleElement()
				.satisfies((refusal) -> assertThat(refusal.value()).isEqualTo("many"));
			assertThat(refusals(tuning, ordered("maxOverflow", "4", "poolPrePing", "false"))).singleElement()
				.satisfies((refusal) -> {
					assertThat(refusal.setting()).isEqualTo("poolPrePing");
					assertThat(refusal.limit()).startsWith("needs a restart")
						.endsWith("poolSize, maxOverflow, poolTimeout, poolRecycle, poolLeakThreshold");
				});
			assertThat(refusals(tuning, Map.of())).singleElement()
				.satisfies((refusal) -> assertThat(refusal.limit()).startsWith("no setting given"));
			assertThat(dataSource.getMaximumPoolSize()).isEqualTo(2);
			assertThat(dataSource.getMinimumIdle()).isEqualTo(2);
			assertThat(dataSource.getConnectionTimeout()).isEqualTo(30_000);
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> tuning.apply("nowhere", Map.of("poolSize", "3")));
		});
	}

	@Test
	void refusesToGrowBeyondTheFleetBudgetAndNamesWhatFits() {
		this.contextRunner.withPropertyValues("db.instances=100", "db.pool-size=1", "db.max-overflow=1",
				"db.capacity-check=fail").run((context) -> {
			CapacityReport report = context.getBean(CapacityCheck.class).lastReport("dataSource");
			int usable = report.server().usable();
			int perInstance = (usable - 10) / 100;
			RuntimeTuning tuning = context.getBean(RuntimeTuning.class);
			assertThat(refusals(tuning, Map.of("maxOverflow", String.valueOf(perInstance)))).singleElement()
				.satisfies((refusal) -> {
					assertThat(refusal.setting()).isEqualTo("maxOverflow");
					assertThat(refusal.value()).isEqualTo(String.valueOf(perInstance));
					assertThat(refusal.limit()).startsWith("the fleet budget: 100 instances × (1 + " + perInstance
							+ ") + 10 reserved = " + (100 * (1 + perInstance) + 10) + " > ")
						.endsWith("the most that fits now: poolSize 1 + maxOverflow " + (perInstance - 1));
				});
			assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(2);
			// A pool that does not grow is never refused by the budget.
			assertThat(tuning.apply("dataSource", Map.of("maxOverflow", "0")).hikari().maximumPoolSize()).isEqualTo(1);
		});
	}

	@Test
	void readsTheServerWhenNoCheckRanYetAndSkipsTheBudgetWhenTheCheckIsOff() {
		this.contextRunner.withPropertyValues("db.instances=1000", "db.pool-size=1", "db.max-overflow=0")
			.run((context) -> assertThat(refusals(context.getBean(RuntimeTuning.class), Map.of("poolSize", "2")))
				.singleElement()
				.satisfies((refusal) -> assertThat(refusal.limit()).startsWith("the fleet budget: 1000 instances × (2 + 0)")));
		this.contextRunner
			.withPropertyValues("db.instances=1000", "db.pool-size=1", "db.max-overflow=0", "db.capacity-check=off")
			.run((context) -> assertThat(context.getBean(RuntimeTuning.class)
				.apply("dataSource", Map.of("poolSize", "2"))
				.hikari()
				.maximumPoolSize()).isEqualTo(2));
	}

	@Test
	void leavesAPoolWithTheApplicationsSettingsAlone() {
		this.contextRunner.withUserConfiguration(TestPools.Reporting.class).run((context) -> {
			assertThat(refusals(context.getBean(RuntimeTuning.class), Map.of("maxOverflow", "4"))).isEmpty();
			assertThatExceptionOfType(TuningRefusedException.class)
				.isThrownBy(() -> context.getBean(RuntimeTuning.class).apply("reporting", Map.of("poolSize", "4")))
				.satisfies((ex) -> assertThat(ex.getRefusals()).singleElement()
					.satisfies((refusal) -> assertThat(refusal.limit())
						.startsWith("pool 'reporting' keeps the application's settings")));
		});
	}

	@Test
	void backsOffWhenPooltuneIsDisabled() {
		this.contextRunner.withPropertyValues("db.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RuntimeTuning.class));
	}

	/** The refusals of a change on Spring Boot's pool; empty when it was applied. */
	private static List<Refusal> refusals(RuntimeTuning tuning, Map<String, String> given) {
		try {
			tuning.apply("dataSource", new LinkedHashMap<>(given));
			return List.of();
		}
		catch (TuningRefusedException ex) {
			return ex.getRefusals();
		}
	}

	private static Map<String, String> ordered(String... namesAndValues) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			map.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return map;
	}

	private static double maxGauge(MeterRegistry registry) {
		return registry.get("hikaricp.connections.max").tag("pool", "dataSource").gauge().value();
	}

	private static void close(List<Connection> connections) throws SQLException {
		for (Connection connection : connections) {
			connection.close();
		}
	}

}
