package io.github.pooltune.autoconfigure.diagnostics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.metrics.PoolMetricsAutoConfiguration;
import io.github.pooltune.diagnostics.SessionFinding;
import io.github.pooltune.test.TestDatabase;
import io.github.pooltune.test.TestRole;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The diagnostics against a real server: closed connections with why, leaks with their
 * thread and borrow site, exhaustion explained, failures to open connections explained,
 * slow and idle-in-transaction sessions, and server timeouts that kill idle connections.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class DiagnosticsAutoConfigurationTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				PoolMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
				DiagnosticsAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties())
		.withPropertyValues("spring.datasource.hikari.pool-name=diag-test",
				"spring.application.name=diag-test-app", "db.pool-size=2", "db.max-overflow=1", "db.pool-timeout=1");

	@Test
	void closedConnectionsSayWhyUnderThePoolEventsLogger(CapturedOutput output) {
		withDebug(HikariLogBridge.POOL_EVENTS_LOGGER, () -> this.contextRunner.run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			try (Connection connection = dataSource.getConnection()) {
				terminateBackendOf(connection);
				assertThatExceptionOfType(SQLException.class)
					.isThrownBy(() -> connection.createStatement().execute("select 1"));
			}
			dataSource.getConnection().close();
			dataSource.getHikariPoolMXBean().softEvictConnections();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(output)
					.contains("diag-test - connection closed, broken: a statement on it failed with a connection error")
					.contains("diag-test - connection closed, evicted on request"));
		}));
	}

	@Test
	void hikarisOwnCloseLinesAreLeftAsTheyWere(CapturedOutput output) {
		withDebug("com.zaxxer.hikari.pool.PoolBase", () -> this.contextRunner.run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			dataSource.getConnection().close();
			dataSource.getHikariPoolMXBean().softEvictConnections();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(output).contains("diag-test - Closing connection"));
			assertThat(output).doesNotContain("connection closed, evicted");
		}));
	}

	@Test
	void aLeakIsTheHousekeeperThreadsPool() {
		assertThat(HikariLogBridge.poolOfHousekeeper("orders:housekeeper")).isEqualTo("orders");
		assertThat(HikariLogBridge.poolOfHousekeeper("HikariPool-1 housekeeper")).isEqualTo("HikariPool-1");
	}

	@Test
	void everyHikariClosureReasonHasPooltunesWords() {
		assertThat(HikariLogBridge.describe("(connection has passed maxLifetime)"))
			.isEqualTo("recycled: it reached pool-recycle (HikariCP maxLifetime)");
		assertThat(HikariLogBridge.describe("(connection has passed idleTimeout)")).startsWith("idle overflow retired");
		assertThat(HikariLogBridge.describe("(connection is dead)")).startsWith("broken: it failed the liveness");
		assertThat(HikariLogBridge.describe("(something new)")).isEqualTo("something new");
	}

	@Test
	void leaksListTheThreadHowLongAndWhereTheConnectionWasBorrowed() {
		this.contextRunner.withPropertyValues("db.pool-leak-threshold=2").run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			LeakRegistry leaks = context.getBean(LeakRegistry.class);
			try (Connection held = borrowForALeak(dataSource)) {
				await().atMost(Duration.ofSeconds(10)).until(() -> !leaks.current().isEmpty());
				LeakRegistry.Leak leak = leaks.current().get(0);
				assertThat(leak.thread()).isEqualTo(Thread.currentThread().getName());
				assertThat(leak.heldFor()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
				assertThat(leak.borrowSite()).anyMatch((frame) -> frame.contains("borrowForALeak"));
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> leaks.current().isEmpty());
		});
	}

	@Test
	void aLeakAndAnExhaustionAppearUnderTheirOwnPoolOnly(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(TwoPoolsConfiguration.class)
			.withPropertyValues("db.pool-size=1", "db.max-overflow=0", "db.pool-leak-threshold=2")
			.run((context) -> {
				HikariDataSource orders = context.getBean("orders", HikariDataSource.class);
				HikariDataSource audit = context.getBean("audit", HikariDataSource.class);
				LeakRegistry leaks = context.getBean(LeakRegistry.class);
				audit.getConnection().close();
				CountDownLatch release = new CountDownLatch(1);
				CountDownLatch holding = new CountDownLatch(1);
				Thread holder = new Thread(() -> holdAll(orders, 1, holding, release), "orders-report-job");
				holder.start();
				try {
					assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
					await().atMost(Duration.ofSeconds(10)).until(() -> leaks.current("orders").size() == 1);
					assertThat(leaks.current("orders").get(0).thread()).isEqualTo("orders-report-job");
					assertThat(leaks.current("audit")).isEmpty();
					try (Connection auditHeld = audit.getConnection()) {
						assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(audit::getConnection);
					}
				}
				finally {
					release.countDown();
					holder.join(10_000);
				}
				assertThat(output).contains("Pool 'audit' is exhausted")
					.contains("No connection has been held longer than DB_POOL_LEAK_THRESHOLD (2000 ms).")
					.doesNotContain("Longest holders: thread orders-report-job");
			});
	}

	@Test
	void anExhaustedPoolIsExplainedOnceWithItsHoldersAndWhatToChange(CapturedOutput output) {
		this.contextRunner.withPropertyValues("db.pool-leak-threshold=2").run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch holding = new CountDownLatch(3);
			Thread holder = new Thread(() -> holdAll(dataSource, 3, holding, release), "slow-report-job");
			holder.start();
			try {
				assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> context.getBean(LeakRegistry.class).current().size() == 3);
				for (int i = 0; i < 2; i++) {
					assertThatExceptionOfType(SQLTransientConnectionException.class)
						.isThrownBy(dataSource::getConnection);
				}
			}
			finally {
				release.countDown();
				holder.join(10_000);
			}
			assertThat(output).containsOnlyOnce("Pool 'diag-test' is exhausted")
				.contains("Pool 'diag-test' is exhausted: a borrow waited 1000 ms (DB_POOL_TIMEOUT) and gave up; 3 of 3 "
						+ "connections in use (pool-size 2 + max-overflow 1)")
				.contains("Longest holders: thread slow-report-job for ")
				.contains("borrowed at io.github.pooltune.autoconfigure.diagnostics.DiagnosticsAutoConfigurationTests"
						+ ".holdAll(DiagnosticsAutoConfigurationTests.java:")
				.contains("raise DB_MAX_OVERFLOW for bursts or DB_POOL_SIZE for steady load");
		});
	}

	@Test
	void withoutLeakDetectionTheWarningSaysHowToSeeTheHolders(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			try (Connection a = dataSource.getConnection(); Connection b = dataSource.getConnection();
					Connection c = dataSource.getConnection()) {
				assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(dataSource::getConnection);
			}
			assertThat(output).contains("Who holds the connections is unknown: set DB_POOL_LEAK_THRESHOLD");
		});
	}

	@Test
	void aShortBorrowOfPooltunesOwnThatGivesUpIsNotTakenForTheApplicationsExhaustion(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			try (Connection a = dataSource.getConnection(); Connection b = dataSource.getConnection();
					Connection c = dataSource.getConnection()) {
				assertThatExceptionOfType(SQLTransientConnectionException.class)
					.isThrownBy(() -> SpareConnection.borrowOnce(dataSource));
				assertThat(output).doesNotContain("Pool 'diag-test' is exhausted");
				// The control: the application's own borrow that gives up is explained.
				assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(dataSource::getConnection);
			}
			assertThat(output).containsOnlyOnce("Pool 'diag-test' is exhausted: a borrow waited 1000 ms");
		});
	}

	@Test
	void tooManyConnectionsForTheRoleIsExplainedWithTheLimitAndTheSettings(CapturedOutput output) throws SQLException {
		TestRole role = database.createRole("CONNECTION LIMIT 1");
		this.contextRunner
			.withPropertyValues("spring.datasource.username=" + role.name(),
					"spring.datasource.password=" + role.password())
			.run((context) -> {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				try (Connection only = dataSource.getConnection()) {
					assertThatExceptionOfType(SQLTransientConnectionException.class)
						.isThrownBy(dataSource::getConnection);
				}
				assertThat(output)
					.contains("HikariCP pool 'diag-test' cannot open connections: FATAL: too many connections for role")
					.contains("(53300): the server has no connection slot left for this role and database")
					.contains("lower DB_POOL_SIZE, DB_MAX_OVERFLOW or the number of instances")
					.contains("The pool could not open more connections: FATAL: too many connections for role")
					.doesNotContain(role.password());
				assertThat(context.getBean(ConnectionFailures.class).last("diag-test").sqlState()).isEqualTo("53300");
			});
	}

	@Test
	void sessionsIdleInATransactionAndSlowStatementsAreReportedOnceWithTheGauge(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("db.pool-size=4", "db.idle-in-transaction-warn=1", "db.slow-query-warn=1",
					"db.diagnostics-interval=0")
			.run((context) -> {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				SessionCheck check = context.getBean(SessionCheck.class);
				CountDownLatch release = new CountDownLatch(1);
				Thread slow = new Thread(() -> sleepOnTheServer(dataSource, release), "slow-statement");
				try (Connection open = dataSource.getConnection()) {
					open.setAutoCommit(false);
					open.createStatement().execute("select count(*) from pg_class");
					slow.start();
					await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
						check.check(dataSource);
						assertThat(check.findings().get("diag-test")).extracting(SessionFinding::state)
							.containsExactlyInAnyOrder("idle in transaction", "active");
					});
					check.check(dataSource);
					String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
					assertThat(scrape).contains("db_pool_idle_in_transaction_connections{pool=\"diag-test\"} 1.0");
					open.rollback();
				}
				finally {
					release.countDown();
					slow.join(10_000);
				}
				assertThat(output).containsOnlyOnce("has been idle in transaction for")
					.contains("of pool 'diag-test' has been idle in transaction for")
					.contains("(longer than db.idle-in-transaction-warn 1s); its last statement: select count(*) from pg_class")
					.contains("has been running one statement for")
					.contains("(longer than db.slow-query-warn 1s); the statement: select pg_sleep(5)");
				check.check(dataSource);
				assertThat(check.findings().get("diag-test")).isEmpty();
			});
	}

	@Test
	void aServerThatClosesIdleSessionsIsNamedAndTheAppNeverGetsADeadConnection(CapturedOutput output)
			throws Exception {
		TestRole role = database.createRole("");
		execute("alter role " + role.name() + " set idle_session_timeout = '1500ms'");
		this.contextRunner
			.withPropertyValues("spring.datasource.username=" + role.name(),
					"spring.datasource.password=" + role.password(), "db.pool-size=3", "db.max-overflow=0",
					"db.pool-timeout=5", "db.diagnostics-interval=0")
			.run((context) -> {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				dataSource.getConnection().close();
				await().atMost(Duration.ofSeconds(5)).until(() -> dataSource.getHikariPoolMXBean().getIdleConnections() > 0);
				context.getBean(DiagnosticsChecks.class).checkServerTimeouts();
				assertThat(context.getBean(DiagnosticsChecks.class).serverTimeouts().get("diag-test")
					.idleSessionTimeout()).isEqualTo(Duration.ofMillis(1500));
				assertThat(output).contains("Pool 'diag-test': the server closes sessions idle for 1500ms "
						+ "(idle_session_timeout), and the pool pings them only every 120s")
					.contains("raise idle_session_timeout for this role or database above 30s")
					.doesNotContain("DB_POOL_RECYCLE below");
				for (int i = 0; i < 4; i++) {
					Thread.sleep(2000);
					try (Connection connection = dataSource.getConnection();
							Statement statement = connection.createStatement();
							ResultSet result = statement.executeQuery("select 1")) {
						assertThat(result.next()).isTrue();
					}
				}
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoPoolsConfiguration {

		@Bean
		HikariDataSource orders() {
			return pool("orders");
		}

		@Bean
		HikariDataSource audit() {
			return pool("audit");
		}

		/** Set on the pool itself too, so that it holds whether or not db.* tunes it. */
		private static HikariDataSource pool(String name) {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setPoolName(name);
			dataSource.setJdbcUrl(database.jdbcUrl());
			dataSource.setUsername(database.username());
			dataSource.setPassword(database.password());
			dataSource.setMinimumIdle(1);
			dataSource.setMaximumPoolSize(1);
			dataSource.setConnectionTimeout(1000);
			dataSource.setLeakDetectionThreshold(2000);
			return dataSource;
		}

	}

	private static Connection borrowForALeak(HikariDataSource dataSource) throws SQLException {
		return dataSource.getConnection();
	}

	private static void holdAll(HikariDataSource dataSource, int count, CountDownLatch holding,
			CountDownLatch release) {
		List<Connection> held = new java.util.ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				held.add(dataSource.getConnection());
				holding.countDown();
			}
			release.await(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			held.forEach(DiagnosticsAutoConfigurationTests::closeQuietly);
		}
	}

	private static void sleepOnTheServer(HikariDataSource dataSource, CountDownLatch release) {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("select pg_sleep(5)");
		}
		catch (SQLException ex) {
			// Cancelled when the test ends early: nothing to check.
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

	private static void withDebug(String logger, Runnable test) {
		LoggingSystem logging = LoggingSystem.get(DiagnosticsAutoConfigurationTests.class.getClassLoader());
		logging.setLogLevel(logger, LogLevel.DEBUG);
		try {
			test.run();
		}
		finally {
			logging.setLogLevel(logger, null);
		}
	}

	private static void terminateBackendOf(Connection pooled) throws SQLException {
		int pid;
		try (Statement statement = pooled.createStatement(); ResultSet result = statement.executeQuery("select pg_backend_pid()")) {
			result.next();
			pid = result.getInt(1);
		}
		execute("select pg_terminate_backend(" + pid + ")");
	}

	private static void execute(String sql) throws SQLException {
		try (Connection admin = database.connect(); Statement statement = admin.createStatement()) {
			statement.execute(sql);
		}
	}

}
