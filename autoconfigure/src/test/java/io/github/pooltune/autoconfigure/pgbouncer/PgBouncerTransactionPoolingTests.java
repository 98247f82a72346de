package io.github.pooltune.autoconfigure.pgbouncer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.pgbouncer.PoolerFinding.Kind;
import io.github.pooltune.autoconfigure.pgbouncer.PreparedStatementWorkload.Result;
import io.github.pooltune.test.PgBouncer;
import io.github.pooltune.test.PgBouncer.PoolMode;
import io.github.pooltune.test.RequiresProgram;
import io.github.pooltune.test.RequiresProgram.Program;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real PgBouncer in transaction pooling mode in front of the test server, four server
 * connections for the pool's eight: the prepared-statement-heavy workload breaks without
 * pooltune's fix and runs clean with it, the check finds the pooler after start-up and
 * names the setting, and a direct connection is left as it is.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
@RequiresProgram(Program.PGBOUNCER)
class PgBouncerTransactionPoolingTests {

	private static final TestDatabase database = TestDatabase.get();

	private static PgBouncer pgbouncer;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				PgBouncerAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + pgbouncer.jdbcUrl(),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(), "db.pool-size=8", "db.max-overflow=0");

	@BeforeAll
	static void startPgBouncer() throws SQLException {
		pgbouncer = PgBouncer.inFrontOf(database).poolMode(PoolMode.TRANSACTION)
			.setting("default_pool_size", "4")
			.start();
		PreparedStatementWorkload.createTable(database);
	}

	@AfterAll
	static void stopPgBouncer() {
		if (pgbouncer != null) {
			pgbouncer.close();
		}
	}

	@Test
	void withoutTheFixTheWorkloadBreaksOnPreparedStatements() {
		// A PgBouncer of its own: the broken run leaves its statements on the server connections.
		try (PgBouncer broken = PgBouncer.inFrontOf(database).poolMode(PoolMode.TRANSACTION)
			.setting("default_pool_size", "4")
			.start()) {
			this.contextRunner.withPropertyValues("spring.datasource.url=" + broken.jdbcUrl(), "db.pgbouncer=off")
				.run((context) -> {
					Result result = PreparedStatementWorkload.run(context.getBean(HikariDataSource.class));
					assertThat(result.preparedStatementFailures()).as("%s", result).isPositive();
					assertThat(result.failures().keySet()).as("%s", result)
						.anyMatch((failure) -> failure.contains("ERROR: prepared statement \"S_n\" does not exist")
								|| failure.contains("ERROR: prepared statement \"S_n\" already exists"));
					// Among the statements the broken run left on the server connections, the probe still finds out.
					assertThat(context.getBean(TransactionPoolingCheck.class)
						.check("dataSource", context.getBean(HikariDataSource.class))
						.kind()).isEqualTo(Kind.TRANSACTION_POOLING);
				});
		}
	}

	@Test
	void roundRobinServerReuseIsFoundToo() {
		try (PgBouncer roundRobin = PgBouncer.inFrontOf(database).poolMode(PoolMode.TRANSACTION)
			.setting("default_pool_size", "4")
			.setting("server_round_robin", "1")
			.start()) {
			this.contextRunner.withPropertyValues("spring.datasource.url=" + roundRobin.jdbcUrl()).run((context) -> {
				PoolerFinding finding = context.getBean(TransactionPoolingCheck.class)
					.check("dataSource", context.getBean(HikariDataSource.class));
				assertThat(finding.kind()).isEqualTo(Kind.TRANSACTION_POOLING);
			});
		}
	}

	@Test
	void withTransactionTheSameWorkloadRunsWithoutAnyError(CapturedOutput output) {
		this.contextRunner.withPropertyValues("db.pgbouncer=transaction").run((context) -> {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			assertThat(pool.getDataSourceProperties()).containsEntry("prepareThreshold", "0");
			Result result = PreparedStatementWorkload.run(pool);
			assertThat(result.failures()).as("%s", result).isEmpty();
			assertThat(result.succeeded()).isEqualTo(result.operations());
			assertThat(output).contains("prepareThreshold=0 (DB_PGBOUNCER=transaction)");
		});
	}

	@Test
	void failStopsTheStartUpAndTheAnalysisNamesTheSetting() {
		this.contextRunner.withPropertyValues("db.pgbouncer=fail").run((context) -> {
			assertThat(context).hasFailed();
			UnsafeTransactionPoolingException failure = rootCause(context.getStartupFailure());
			assertThat(failure.getFinding().kind()).isEqualTo(Kind.TRANSACTION_POOLING);
			assertThat(failure.getFinding().evidence()).matches("two pool connections ran on server process \\d+ "
					+ "one after the other, and a statement prepared there was missing on the next");
			FailureAnalysis analysis = new UnsafeTransactionPoolingFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).startsWith("Pool 'dataSource' goes through a connection pooler in "
					+ "transaction pooling mode (PgBouncer pool_mode = transaction, or similar) that does not keep "
					+ "the driver's server-side prepared statements, and the driver prepares them "
					+ "(prepareThreshold=5).");
			assertThat(analysis.getAction()).startsWith("Set DB_PGBOUNCER=transaction (db.pgbouncer=transaction): "
					+ "pooltune then sets the driver's prepareThreshold=0 before the pool starts.");
		});
	}

	@Test
	void failStartsWhenTheDriverIsSafe() {
		this.contextRunner.withPropertyValues("db.pgbouncer=fail",
				"spring.datasource.hikari.data-source-properties.prepareThreshold=0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PoolerFinding finding = context.getBean(TransactionPoolingCheck.class).findings().get("dataSource");
				assertThat(finding.kind()).isEqualTo(Kind.POOLER_DRIVER_SAFE);
				assertThat(finding.summary()).matches("Pool 'dataSource' goes through a connection pooler \\(the "
						+ "cancel key the pool got is -?\\d+, its server process \\d+\\); the driver prepares no "
						+ "named statements on the server \\(prepareThreshold=0\\), so transaction pooling cannot "
						+ "break them");
			});
	}

	@Test
	void autoWarnsAfterStartUpWithTheSettingToSet(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run(Map.of("spring.datasource.url", pgbouncer.jdbcUrl()))) {
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(output).contains("Set DB_PGBOUNCER=transaction "
						+ "(db.pgbouncer=transaction) so that pooltune sets the driver's prepareThreshold=0"));
			assertThat(output).containsPattern("WARN .* Pool 'dataSource' goes through a connection pooler in "
					+ "transaction pooling mode \\(PgBouncer pool_mode = transaction, or similar\\) that does not "
					+ "keep the driver's server-side prepared statements \\(two pool connections ran on server "
					+ "process \\d+ one after the other, and a statement prepared there was missing on the next\\), "
					+ "and the driver prepares them \\(prepareThreshold=5\\)");
			assertThat(context.getBean(HikariDataSource.class).getDataSourceProperties())
				.doesNotContainKey("prepareThreshold");
		}
	}

	@Test
	void theProbeLeavesNoStatementOnAnyServerConnection() throws SQLException {
		this.contextRunner.run((context) -> {
			TransactionPoolingCheck check = context.getBean(TransactionPoolingCheck.class);
			for (int run = 0; run < 3; run++) {
				assertThat(check.check("dataSource", context.getBean(HikariDataSource.class)).kind())
					.isEqualTo(Kind.TRANSACTION_POOLING);
			}
		});
		assertThat(probeStatementsOnEveryServerConnection()).containsOnly(0);
	}

	@Test
	void aPoolOfOneConnectionCannotTellTheModeAndSaysSo() {
		this.contextRunner.withPropertyValues("db.pool-size=1").run((context) -> {
			PoolerFinding finding = context.getBean(TransactionPoolingCheck.class)
				.check("dataSource", context.getBean(HikariDataSource.class));
			assertThat(finding.kind()).isEqualTo(Kind.POOLER_MODE_UNKNOWN);
			assertThat(finding.summary()).endsWith("with a pool of one connection pooltune cannot tell the pooling "
					+ "mode. In transaction pooling mode, set DB_PGBOUNCER=transaction (db.pgbouncer=transaction); in "
					+ "session pooling mode, set DB_PGBOUNCER=off to silence this");
		});
	}

	@Test
	void sessionPoolingIsRecognizedAndLeftAlone() {
		try (PgBouncer session = PgBouncer.inFrontOf(database).poolMode(PoolMode.SESSION)
			.setting("default_pool_size", "20")
			.start()) {
			this.contextRunner.withPropertyValues("spring.datasource.url=" + session.jdbcUrl()).run((context) -> {
				PoolerFinding finding = context.getBean(TransactionPoolingCheck.class)
					.check("dataSource", context.getBean(HikariDataSource.class));
				assertThat(finding.kind()).isEqualTo(Kind.SESSION_POOLING);
				assertThat(finding.warrantsWarning()).isFalse();
				assertThat(context.getBean(HikariDataSource.class).getDataSourceProperties())
					.doesNotContainKey("prepareThreshold");
			});
		}
	}

	@Test
	void aDirectConnectionGetsNoChangeAndNoWarning(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run(Map.of("spring.datasource.url", database.jdbcUrl()))) {
			TransactionPoolingCheck check = context.getBean(TransactionPoolingCheck.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> check.findings().containsKey("dataSource"));
			PoolerFinding finding = check.findings().get("dataSource");
			assertThat(finding.kind()).isEqualTo(Kind.DIRECT);
			assertThat(finding.evidence()).matches("its cancel key names its server process, \\d+");
			assertThat(context.getBean(HikariDataSource.class).getDataSourceProperties())
				.doesNotContainKey("prepareThreshold");
			assertThat(output).doesNotContain("pooler").doesNotContain("DB_PGBOUNCER").doesNotContain("prepareThreshold");
		}
	}

	@Test
	void failOnADirectConnectionStarts() {
		this.contextRunner.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(), "db.pgbouncer=fail")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TransactionPoolingCheck.class).findings().get("dataSource").kind())
					.isEqualTo(Kind.DIRECT);
			});
	}

	@Test
	void anApplicationsOwnPoolIsOnlyWarnedAboutWhileItsSectionDecidesWhenItHasOne() {
		ApplicationContextRunner nextToBoots = this.contextRunner.withUserConfiguration(AuditPoolConfiguration.class)
			.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(), "db.pgbouncer=fail");
		nextToBoots.run((context) -> {
			assertThat(context).hasNotFailed();
			HikariDataSource audit = context.getBean("audit", HikariDataSource.class);
			assertThat(audit.getDataSourceProperties()).doesNotContainKey("prepareThreshold");
			assertThat(context.getBean(TransactionPoolingCheck.class).check("audit", audit).kind())
				.isEqualTo(Kind.TRANSACTION_POOLING);
		});
		nextToBoots.withPropertyValues("db.pgbouncer=off", "db.pools.audit.pgbouncer=fail").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootCause(context.getStartupFailure()).getFinding().pool()).isEqualTo("audit");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class AuditPoolConfiguration {

		@Bean(defaultCandidate = false)
		HikariDataSource audit() {
			HikariDataSource audit = DataSourceBuilder.create()
				.type(HikariDataSource.class)
				.url(pgbouncer.jdbcUrl())
				.username(database.username())
				.password(database.password())
				.build();
			audit.setMaximumPoolSize(4);
			return audit;
		}

	}

	private static ConfigurableApplicationContext run(Map<String, Object> properties) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		Map<String, Object> defaults = new HashMap<>(Map.of("spring.datasource.username", database.username(),
				"spring.datasource.password", database.password(), "db.pool-size", "4", "db.max-overflow", "0"));
		defaults.putAll(properties);
		application.setDefaultProperties(defaults);
		return application.run();
	}

	/**
	 * Holds every server connection PgBouncer may open (default_pool_size 4), each in a
	 * transaction, and counts the probe's statements on each.
	 */
	private static List<Integer> probeStatementsOnEveryServerConnection() throws SQLException {
		List<Connection> clients = new ArrayList<>();
		List<Integer> counts = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				Connection client = DriverManager.getConnection(pgbouncer.jdbcUrl() + "?prepareThreshold=0",
						database.username(), database.password());
				clients.add(client);
				client.setAutoCommit(false);
				try (Statement statement = client.createStatement(); ResultSet result = statement.executeQuery(
						"select count(*) from pg_prepared_statements where statement like '%pooltune pooler probe%'")) {
					result.next();
					counts.add(result.getInt(1));
				}
			}
			return counts;
		}
		finally {
			for (Connection client : clients) {
				client.rollback();
				client.close();
			}
		}
	}

	private static UnsafeTransactionPoolingException rootCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnsafeTransactionPoolingException unsafe) {
				return unsafe;
			}
		}
		throw new AssertionError("No UnsafeTransactionPoolingException in " + failure);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
			PgBouncerAutoConfiguration.class })
	static class MinimalApplication {

	}

}
