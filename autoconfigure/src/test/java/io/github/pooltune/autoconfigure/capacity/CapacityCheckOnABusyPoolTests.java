package io.github.pooltune.autoconfigure.capacity;

import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.diagnostics.DiagnosticsAutoConfiguration;
import io.github.pooltune.autoconfigure.metrics.PoolMetricsAutoConfiguration;
import io.github.pooltune.pool.PoolSnapshot;
import io.github.pooltune.test.TestDatabase;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The capacity check (as the endpoint and the first check after ready run it: waiting for
 * a connection as a borrow does) on a pool whose only connection the application holds:
 * its wait is not shown as an application's waiting thread, and its timeout is not
 * explained as the application's exhaustion.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class CapacityCheckOnABusyPoolTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				PoolMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
				DiagnosticsAutoConfiguration.class, CapacityAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties())
		.withPropertyValues("db.pool-size=1", "db.max-overflow=0", "db.pool-timeout=2");

	@Test
	void itsWaitAndItsTimeoutAreNotTheApplications(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			CapacityCheck check = context.getBean(CapacityCheck.class);
			try (Connection held = pool.getConnection()) {
				CompletableFuture<CapacityCheck.Result> result = CompletableFuture.supplyAsync(check::check);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> pool.getHikariPoolMXBean().getThreadsAwaitingConnection() == 1);
				assertThat(PoolSnapshot.of(pool).waiting()).isZero();
				assertThat(result.get(10, TimeUnit.SECONDS).failures()).containsOnlyKeys("dataSource");
				assertThat(output).doesNotContain("is exhausted");
				// The control: the application's own borrow that gives up is explained.
				assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(pool::getConnection);
			}
			assertThat(output).containsOnlyOnce("Pool 'dataSource' is exhausted");
		});
	}

}
