package io.github.pooltune.autoconfigure.pgbouncer;

import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.PooltuneScheduler;
import io.github.pooltune.autoconfigure.diagnostics.DiagnosticsAutoConfiguration;
import io.github.pooltune.autoconfigure.metrics.PoolMetricsAutoConfiguration;
import io.github.pooltune.test.TestDatabase;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The PgBouncer check of a pool whose connections are all in use waits for one with the
 * pool's timeout, as pooltune's own borrow: when it gives up, that is not taken for the
 * application's exhaustion; when the application stops meanwhile, the check ends with the
 * scheduler and says nothing, since the interrupt is the shutdown, not a failure to report.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class TransactionPoolingCheckOnABusyPoolTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				PoolMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
				DiagnosticsAutoConfiguration.class, PgBouncerAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(), "db.pool-size=1", "db.max-overflow=0",
				"db.pgbouncer=auto");

	@Test
	void aCheckThatGivesUpIsNotTakenForTheApplicationsExhaustion(CapturedOutput output) throws Exception {
		this.contextRunner.withPropertyValues("db.pool-timeout=1").run((context) -> {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			try (Connection held = pool.getConnection()) {
				ready(context);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> output.toString().contains("Could not check whether pool"));
				assertThat(output).doesNotContain("is exhausted");
				// The control: the application's own borrow that gives up is explained.
				assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(pool::getConnection);
			}
			assertThat(output).containsOnlyOnce("Pool 'dataSource' is exhausted");
		});
	}

	@Test
	void aCheckWaitingForAConnectionWhenTheApplicationStopsLogsNothing(CapturedOutput output) throws Exception {
		this.contextRunner.withPropertyValues("db.pool-timeout=30").run((context) -> {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			try (Connection held = pool.getConnection()) {
				ready(context);
				// The check runs a second after ready, and waits behind the held connection.
				await().atMost(Duration.ofSeconds(10))
					.until(() -> pool.getHikariPoolMXBean().getThreadsAwaitingConnection() == 1);
				// What closing the context does first: the checks stop before the pools close.
				context.getBean(PooltuneScheduler.class).stop();
				await().atMost(Duration.ofSeconds(5))
					.until(() -> pool.getHikariPoolMXBean().getThreadsAwaitingConnection() == 0);
				assertThat(context.getBean(TransactionPoolingCheck.class).findings()).isEmpty();
			}
		});
		assertThat(output).doesNotContain("Could not check whether pool").doesNotContain("Interrupted");
	}

	private static void ready(AssertableApplicationContext context) {
		context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0],
				context.getSourceApplicationContext(), Duration.ZERO));
	}

}
