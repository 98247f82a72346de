package io.github.pooltune.autoconfigure.diagnostics;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.endpoint.DiagnosticsSection.DeadlocksDescriptor;
import io.github.pooltune.autoconfigure.endpoint.DiagnosticsSection.DiagnosticsDescriptor;
import io.github.pooltune.autoconfigure.endpoint.PooltuneEndpoint;
import io.github.pooltune.autoconfigure.endpoint.PooltuneEndpointAutoConfiguration;
import io.github.pooltune.autoconfigure.metrics.PoolMetricsAutoConfiguration;
import io.github.pooltune.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Threads deadlocked with themselves, against a real server: Flyway on a pool of one, a
 * {@code REQUIRES_NEW} transaction inside a transaction on a full pool, and a pool
 * exhausted by other threads, which is no deadlock.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class DeadlockDetectionTests {

	private static final TestDatabase database = TestDatabase.get();

	private static final String DEADLOCKED = "deadlocked thread";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				PoolMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
				DiagnosticsAutoConfiguration.class, PooltuneEndpointAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties())
		.withPropertyValues("management.endpoints.web.exposure.include=pooltune", "db.pool-timeout=3",
				"db.pool-leak-threshold=2");

	@Test
	void flywayOnAPoolOfOneIsNamedWithTheFormulaAndBothBorrowSites(CapturedOutput output) {
		this.contextRunner.withPropertyValues("db.pool-size=1", "db.max-overflow=0").run((context) -> {
			Flyway flyway = Flyway.configure()
				.dataSource(context.getBean(HikariDataSource.class))
				.schemas("deadlock_flyway")
				.locations("classpath:db/startup")
				.load();
			assertThatException().isThrownBy(flyway::migrate);
			assertThat(output).containsOnlyOnce(DEADLOCKED)
				.contains("Pool 'dataSource' deadlocked thread '" + Thread.currentThread().getName() + "' with itself: "
						+ "it waited 3000 ms (DB_POOL_TIMEOUT) for a connection while it held 1 of this pool")
				.containsPattern("Held connection borrowed at org\\.flywaydb\\.[^;]+\\(\\w+\\.java:\\d+\\); "
						+ "the borrow that timed out at org\\.flywaydb\\.[^ ]+\\(\\w+\\.java:\\d+\\)\\.")
				.contains("1 thread × (2 connections per thread − 1) + 1 = 2; the pool has 1 (pool-size 1 + "
						+ "max-overflow 0).")
				.contains("Flyway holds one connection for its lock and migrates on a second, so it needs a pool of "
						+ "at least 2");
			DeadlocksDescriptor deadlocks = deadlocks(context);
			assertThat(deadlocks.count()).isEqualTo(1);
			assertThat(deadlocks.migration()).isTrue();
			assertThat(deadlocks.connectionsNeeded()).isEqualTo(2);
			assertThat(deadlocks.heldBorrowSite()).startsWith("org.flywaydb.");
			assertThat(deadlocksCounted(context)).isEqualTo(1);
			assertThat(context.getBean(PrometheusMeterRegistry.class).scrape())
				.contains("db_pool_deadlocks_total{pool=\"dataSource\"} 1.0");
			assertThat(JsonMapper.builder().build()
				.writeValueAsString(context.getBean(PooltuneEndpoint.class).pooltune().diagnostics()))
				.contains("\"deadlocks\":{\"count\":1,\"thread\":\"" + Thread.currentThread().getName() + "\"")
				.contains("\"formula\":\"1 thread × (2 connections per thread − 1) + 1 = 2\"");
		});
	}

	@Test
	void aNestedBorrowOnAPoolOfOneNamesTheApplicationsTwoBorrowSites(CapturedOutput output) {
		this.contextRunner.withPropertyValues("db.pool-size=1", "db.max-overflow=0").run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			try (Connection outer = holdTheFirst(dataSource)) {
				assertThatExceptionOfType(SQLTransientConnectionException.class)
					.isThrownBy(() -> borrowASecond(dataSource));
			}
			assertThat(output).contains("Held connection borrowed at " + getClass().getName() + ".holdTheFirst(")
				.contains("the borrow that timed out at " + getClass().getName() + ".borrowASecond(")
				.contains("1 thread × (2 connections per thread − 1) + 1 = 2")
				.contains("avoid the nested borrow")
				.contains("pool-size + max-overflow is at least 2");
			DeadlocksDescriptor deadlocks = deadlocks(context);
			assertThat(deadlocks.thread()).isEqualTo(Thread.currentThread().getName());
			assertThat(deadlocks.connectionsHeld()).isEqualTo(1);
			assertThat(deadlocks.timedOutBorrowSite()).startsWith(getClass().getName() + ".borrowASecond(");
			assertThat(deadlocks.migration()).isFalse();
		});
	}

	@Test
	void withoutLeakDetectionTheHeldSiteIsUnknownAndTheWarningSaysHowToSeeIt(CapturedOutput output) {
		this.contextRunner.withPropertyValues("db.pool-size=1", "db.max-overflow=0", "db.pool-timeout=1",
				"db.pool-leak-threshold=0").run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			try (Connection outer = holdTheFirst(dataSource)) {
				assertThatExceptionOfType(SQLTransientConnectionException.class)
					.isThrownBy(() -> borrowASecond(dataSource));
			}
			assertThat(output).contains("Held connection borrowed at an unknown place (set DB_POOL_LEAK_THRESHOLD "
					+ "below DB_POOL_TIMEOUT to see it); the borrow that timed out at " + getClass().getName()
					+ ".borrowASecond(");
			assertThat(deadlocks(context).heldBorrowSite()).isNull();
		});
	}

	@Test
	void requiresNewInsideATransactionOnAFullPoolIsNamedWithTheThreadsSeen(CapturedOutput output) {
		this.contextRunner.withPropertyValues("db.pool-size=2", "db.max-overflow=0").run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			Future<?>[] orders = placeTwoOrders(dataSource, true);
			assertThatException().isThrownBy(() -> orders[0].get(20, TimeUnit.SECONDS))
				.withRootCauseInstanceOf(SQLTransientConnectionException.class)
				.withCauseInstanceOf(CannotCreateTransactionException.class);
			// The first thread's outer transaction ends with its failure, and gives the second its connection.
			orders[1].get(20, TimeUnit.SECONDS);
			assertThat(output).containsOnlyOnce(DEADLOCKED)
				.containsPattern("Pool 'dataSource' deadlocked thread 'pool-\\d+-thread-\\d' with itself")
				.contains("Held connection borrowed at " + getClass().getName() + ".placeOrder(")
				.contains("the borrow that timed out at " + getClass().getName() + ".writeAuditEntry(")
				.contains("2 threads × (2 connections per thread − 1) + 1 = 3; the pool has 2 (pool-size 2 + "
						+ "max-overflow 0).")
				.contains("instead of REQUIRES_NEW")
				.contains("pool-size + max-overflow is at least 3");
			DeadlocksDescriptor deadlocks = deadlocks(context);
			assertThat(deadlocks.count()).isEqualTo(1);
			assertThat(deadlocks.threads()).isEqualTo(2);
			assertThat(deadlocks.connectionsNeeded()).isEqualTo(3);
			assertThat(deadlocksCounted(context)).isEqualTo(1);
		});
	}

	@Test
	void thePoolTheFormulaAsksForServesBothTransactions(CapturedOutput output) {
		this.contextRunner.withPropertyValues("db.pool-size=3", "db.max-overflow=0").run((context) -> {
			Future<?>[] orders = placeTwoOrders(context.getBean(HikariDataSource.class), false);
			orders[0].get(20, TimeUnit.SECONDS);
			orders[1].get(20, TimeUnit.SECONDS);
			assertThat(output).doesNotContain(DEADLOCKED);
			assertThat(diagnostics(context).deadlocks()).isNull();
		});
	}

	/**
	 * Two threads, each in a transaction, each asking for a new one; with {@code staggered},
	 * the second asks once the first is waiting.
	 */
	private static Future<?>[] placeTwoOrders(HikariDataSource dataSource, boolean staggered) {
		TransactionTemplate outer = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		TransactionTemplate inner = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		CountDownLatch bothInTransaction = new CountDownLatch(2);
		CountDownLatch firstWaiting = new CountDownLatch(staggered ? 1 : 0);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<?> first = threads.submit(() -> placeOrder(outer, inner, bothInTransaction, null));
			Future<?> second = threads.submit(() -> placeOrder(outer, inner, bothInTransaction, firstWaiting));
			if (staggered) {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> dataSource.getHikariPoolMXBean().getThreadsAwaitingConnection() == 1);
				firstWaiting.countDown();
			}
			return new Future<?>[] { first, second };
		}
		finally {
			threads.shutdown();
		}
	}

	@Test
	void aPoolExhaustedByOtherThreadsIsNoDeadlock(CapturedOutput output) {
		this.contextRunner.withPropertyValues("db.pool-size=1", "db.max-overflow=1").run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			CountDownLatch holding = new CountDownLatch(2);
			CountDownLatch release = new CountDownLatch(1);
			Thread holder = new Thread(() -> holdTwo(dataSource, holding, release), "report-job");
			holder.start();
			try {
				assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
				assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(dataSource::getConnection);
			}
			finally {
				release.countDown();
				holder.join(10_000);
			}
			assertThat(output).contains("Pool 'dataSource' is exhausted").doesNotContain(DEADLOCKED);
			assertThat(diagnostics(context).deadlocks()).isNull();
			assertThat(deadlocksCounted(context)).isZero();
		});
	}

	private static Connection holdTheFirst(HikariDataSource dataSource) throws SQLException {
		return dataSource.getConnection();
	}

	private static void borrowASecond(HikariDataSource dataSource) throws SQLException {
		dataSource.getConnection().close();
	}

	private static void placeOrder(TransactionTemplate outer, TransactionTemplate inner,
			CountDownLatch bothInTransaction, CountDownLatch waitFor) {
		outer.executeWithoutResult((order) -> {
			bothInTransaction.countDown();
			awaitQuietly(bothInTransaction);
			if (waitFor != null) {
				awaitQuietly(waitFor);
			}
			writeAuditEntry(inner);
		});
	}

	private static void writeAuditEntry(TransactionTemplate inner) {
		inner.executeWithoutResult((audit) -> {
		});
	}

	private static void holdTwo(HikariDataSource dataSource, CountDownLatch holding, CountDownLatch release) {
		try (Connection a = dataSource.getConnection()) {
			holding.countDown();
			try (Connection b = dataSource.getConnection()) {
				holding.countDown();
				release.await(30, TimeUnit.SECONDS);
			}
		}
		catch (SQLException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static DiagnosticsDescriptor diagnostics(AssertableApplicationContext context) {
		return context.getBean(PooltuneEndpoint.class).pooltune().diagnostics().get("dataSource");
	}

	private static DeadlocksDescriptor deadlocks(AssertableApplicationContext context) {
		DeadlocksDescriptor deadlocks = diagnostics(context).deadlocks();
		assertThat(deadlocks).as("diagnostics.deadlocks of pool dataSource").isNotNull();
		return deadlocks;
	}

	private static double deadlocksCounted(AssertableApplicationContext context) {
		return context.getBean(MeterRegistry.class).get(DeadlockWarning.DEADLOCKS).tag("pool", "dataSource").counter()
			.count();
	}

}
