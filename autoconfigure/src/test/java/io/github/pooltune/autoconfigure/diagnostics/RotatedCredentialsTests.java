package io.github.pooltune.autoconfigure.diagnostics;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.health.PoolHealthContributorAutoConfiguration;
import io.github.pooltune.autoconfigure.metrics.PoolMetricsAutoConfiguration;
import io.github.pooltune.test.TestDatabase;
import io.github.pooltune.test.TestRole;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A password rotated on the real server while the pool runs: open connections keep
 * serving, every new one is refused, and pooltune says so at once (one WARN naming the
 * role, a {@code connectionsRefused} detail on {@code pool} health while it stays UP, a
 * counter of refused attempts); once the new password reaches the pool through
 * HikariCP's MXBean, it opens connections again and the detail goes.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class RotatedCredentialsTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
					PoolMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
					DiagnosticsAutoConfiguration.class, PoolHealthContributorAutoConfiguration.class));

	@Test
	void refusedNewConnectionsAreReportedAtOnceAndTheNewPasswordEndsThem(CapturedOutput output) throws Exception {
		TestRole role = database.createRole("");
		database.assumeChecksPasswords(role);
		String rotated = "rotated-" + role.password();
		this.contextRunner
			.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
					"spring.datasource.username=" + role.name(), "spring.datasource.password=" + role.password(),
					"db.pool-size=1", "db.max-overflow=1", "db.pool-timeout=5")
			.run((context) -> {
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				HealthIndicator health = (HealthIndicator) context.getBean("poolHealthContributor");
				try (Connection held = pool.getConnection()) {
					execute("alter role " + role.name() + " password '" + rotated + "'");
					// The pool needs a new idle connection now; the server refuses it.
					pool.getHikariPoolMXBean().softEvictConnections();
					await().atMost(Duration.ofSeconds(10))
						.until(() -> health.health().getDetails().containsKey("connectionsRefused"));
					Health refused = health.health();
					assertThat(refused.getStatus()).isEqualTo(Status.UP);
					assertThat(held.isValid(1)).isTrue();
					@SuppressWarnings("unchecked")
					Map<String, Object> detail = (Map<String, Object>) refused.getDetails().get("connectionsRefused");
					assertThat(detail).containsEntry("sqlState", "28P01").containsKeys("since", "message", "advice");
					assertThat(detail.get("message").toString()).contains(role.name()).doesNotContain(rotated);
					// HikariCP tries again, backing off; the refusal stands since the first attempt.
					PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("db.pool.connections.refused")
						.tag("sqlstate", "28P01")
						.counter()
						.count() >= 3);
					@SuppressWarnings("unchecked")
					Map<String, Object> later = (Map<String, Object>) health.health()
						.getDetails()
						.get("connectionsRefused");
					assertThat(later).containsEntry("since", detail.get("since"));
					assertThat(registry.scrape())
						.containsPattern("db_pool_connections_refused_total\\{pool=\"dataSource\",sqlstate=\"28P01\"\\} [1-9]");
					assertThat(output).containsOnlyOnce("HikariCP pool 'dataSource' cannot open connections: FATAL: "
							+ "password authentication failed for user \"" + role.name() + "\"");
					pool.getHikariConfigMXBean().setPassword(rotated);
					await().atMost(Duration.ofSeconds(15))
						.until(() -> !health.health().getDetails().containsKey("connectionsRefused"));
				}
				try (Connection fresh = pool.getConnection()) {
					assertThat(fresh.isValid(1)).isTrue();
				}
				assertThat(output).doesNotContain(rotated).doesNotContain(role.password());
			});
	}

	private static void execute(String sql) throws SQLException {
		try (Connection admin = database.connect(); Statement statement = admin.createStatement()) {
			statement.execute(sql);
		}
	}

}
