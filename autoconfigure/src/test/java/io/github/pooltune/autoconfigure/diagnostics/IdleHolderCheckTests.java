package io.github.pooltune.autoconfigure.diagnostics;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.metrics.PoolMetricsAutoConfiguration;
import io.github.pooltune.diagnostics.IdleHolders;
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
 * Connections held idle, against a real server: while a full pool makes threads wait,
 * the check reads this instance's sessions through a connection of its own and tells the
 * checked-out connections that run a statement, sit in a transaction, or sit idle; the
 * gauge shows the idle ones, and the exhaustion warning trades its general advice for the
 * fix of connections held idle. Without JPA here, the fix says nothing of open-in-view.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class IdleHolderCheckTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				PoolMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
				DiagnosticsAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties())
		.withPropertyValues("spring.datasource.hikari.pool-name=idle-test", "spring.application.name=idle-test-app",
				"db.pool-size=2", "db.max-overflow=1", "db.pool-timeout=3");

	@Test
	void aFullPoolsConnectionsAreToldApartByWhatTheirSessionsDo() {
		this.contextRunner.run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			IdleHolderCheck check = context.getBean(IdleHolderCheck.class);
			// The first look, through a spare connection, as the scheduled one does: it learns the pool's name.
			dataSource.getConnection().close();
			check.check(dataSource);
			assertThat(check.last("idle-test")).isNotNull();
			CountDownLatch release = new CountDownLatch(1);
			Thread slow = new Thread(() -> sleepOnTheServer(dataSource), "slow-statement");
			try (Connection idle = dataSource.getConnection(); Connection inTransaction = dataSource.getConnection()) {
				idle.createStatement().execute("select 1");
				inTransaction.setAutoCommit(false);
				inTransaction.createStatement().execute("select 1");
				slow.start();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> dataSource.getHikariPoolMXBean().getActiveConnections() == 3);
				Thread waiter = waitForAConnection(dataSource, release);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					check.check(dataSource);
					IdleHolders last = check.last("idle-test");
					assertThat(last).isNotNull();
					assertThat(last.waiting()).isPositive();
					assertThat(last.active()).isEqualTo(1);
				});
				IdleHolders last = check.last("idle-test");
				assertThat(last.checkedOut()).isEqualTo(3);
				assertThat(last.idleInTransaction()).isEqualTo(1);
				assertThat(last.idle()).isEqualTo(1);
				assertThat(last.idleFor()).hasSize(1);
				assertThat(last.mostlyIdle()).isFalse();
				assertThat(check.lastFound("idle-test")).isNull();
				assertThat(context.getBean(PrometheusMeterRegistry.class).scrape())
					.contains("db_pool_checked_out_idle_connections{pool=\"idle-test\"} 1.0");
				inTransaction.rollback();
				release.countDown();
				waiter.join(10_000);
			}
			finally {
				release.countDown();
				slow.interrupt();
				cancelSleeps();
				slow.join(10_000);
			}
		});
	}

	@Test
	void connectionsHeldIdleWhileThreadsWaitReplaceTheGeneralAdvice(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			IdleHolderCheck check = context.getBean(IdleHolderCheck.class);
			// The first look, through a spare connection, as the scheduled one does: it learns the pool's name.
			dataSource.getConnection().close();
			check.check(dataSource);
			assertThat(check.last("idle-test")).isNotNull();
			CountDownLatch release = new CountDownLatch(1);
			List<Connection> held = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					held.add(dataSource.getConnection());
					held.get(i).createStatement().execute("select 1");
				}
				Thread waiter = waitForAConnection(dataSource, release);
				await().atMost(Duration.ofSeconds(10)).until(() -> {
					check.check(dataSource);
					return check.lastFound("idle-test") != null;
				});
				IdleHolders found = check.lastFound("idle-test");
				assertThat(found.idle()).isEqualTo(3);
				assertThat(found.idleFor()).hasSize(3)
					.allSatisfy((time) -> assertThat(time).isGreaterThanOrEqualTo(IdleHolders.LINGERING));
				waiter.join(10_000);
				assertThat(output).containsOnlyOnce("Pool 'idle-test' is exhausted")
					.contains("Connections held idle: 3 of the 3 checked-out connections were idle on the server")
					.contains("What to change: give the connection back before a remote call or other wait")
					.doesNotContain("open-in-view")
					.doesNotContain("otherwise the pool is too small");
			}
			finally {
				release.countDown();
				held.forEach(IdleHolderCheckTests::closeQuietly);
			}
		});
	}

	@Test
	void withoutAFindingTheWarningKeepsItsGeneralAdvice(CapturedOutput output) {
		this.contextRunner.withPropertyValues("db.pool-timeout=1").run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			try (Connection a = dataSource.getConnection(); Connection b = dataSource.getConnection();
					Connection c = dataSource.getConnection()) {
				assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(dataSource::getConnection);
			}
			assertThat(output).contains("Pool 'idle-test' is exhausted")
				.contains("otherwise the pool is too small")
				.doesNotContain("Connections held idle");
		});
	}

	/** A thread that waits for a connection (and gives it back at once, or times out). */
	private static Thread waitForAConnection(HikariDataSource dataSource, CountDownLatch release)
			throws InterruptedException {
		Thread waiter = new Thread(() -> {
			try (Connection connection = dataSource.getConnection()) {
				release.await();
			}
			catch (SQLException | InterruptedException ex) {
				// Timed out: the pool stayed full, as the test meant.
			}
		}, "waiter");
		waiter.start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> dataSource.getHikariPoolMXBean().getThreadsAwaitingConnection() > 0);
		return waiter;
	}

	private static void sleepOnTheServer(HikariDataSource dataSource) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("select pg_sleep(30)");
		}
		catch (SQLException ex) {
			// Cancelled when the test ends.
		}
	}

	private static void cancelSleeps() throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("select pg_cancel_backend(pid) from pg_stat_activity "
					+ "where application_name like 'idle-test-app#%' and query = 'select pg_sleep(30)'");
		}
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// The test is over.
		}
	}

}
