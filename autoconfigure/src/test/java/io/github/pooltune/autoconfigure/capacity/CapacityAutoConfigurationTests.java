package io.github.pooltune.autoconfigure.capacity;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.capacity.CapacityReport;
import io.github.pooltune.capacity.ServerCapacity;
import io.github.pooltune.test.TestDatabase;
import io.github.pooltune.test.TestRole;
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
 * The capacity check against the real server's limits: a fleet too large for
 * {@code max_connections}, a role and a database with a {@code CONNECTION LIMIT}, an
 * ordinary role, and the service name on the server.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class CapacityAutoConfigurationTests {

	private static final TestDatabase database = TestDatabase.get();

	private final String applicationName = "orders-api-" + UUID.randomUUID().toString().substring(0, 8);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				CapacityAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties())
		.withPropertyValues("spring.application.name=" + this.applicationName);

	@Test
	void failStopsTheStartWhenTheFleetExceedsMaxConnections() throws SQLException {
		int maxConnections = showInt("max_connections");
		int superuserReserved = showInt("superuser_reserved_connections");
		int instances = maxConnections / 15 + 1;
		int perInstance = (maxConnections - superuserReserved - 10) / instances;
		this.contextRunner.withPropertyValues("db.capacity-check=fail", "db.instances=" + instances)
			.run((context) -> {
				assertThat(context).hasFailed();
				CapacityExceededException failure = rootCause(context.getStartupFailure());
				String expected = String.format(
						"%d instances × (5 + 10) + 10 reserved = %d > %d usable (max_connections %d − %d superuser "
								+ "reserved): lower DB_MAX_OVERFLOW to %d or raise max_connections to %d",
						instances, instances * 15 + 10, maxConnections - superuserReserved, maxConnections,
						superuserReserved, perInstance - 5, instances * 15 + 10 + superuserReserved);
				assertThat(failure.getProblems()).containsExactly(expected);
				FailureAnalysis analysis = new CapacityExceededFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("The fleet of pool 'dataSource' can open more "
						+ "connections than the database allows").contains(expected);
				assertThat(analysis.getAction()).contains("DB_CAPACITY_CHECK=warn");
			});
	}

	@Test
	void failLogsTheHeadroomAndStartsWhenTheFleetFits(CapturedOutput output) {
		this.contextRunner.withPropertyValues("db.capacity-check=fail").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("Capacity of pool 'dataSource': 1 × (5 + 10) + 10 reserved = 25 of ");
		});
	}

	@Test
	void thePoolsOnOneServerAreCountedTogetherTheApplicationsOwnIncluded() throws SQLException {
		int maxConnections = showInt("max_connections");
		int superuserReserved = showInt("superuser_reserved_connections");
		int instances = maxConnections / 18 + 1;
		int perInstance = (maxConnections - superuserReserved - 10) / instances;
		this.contextRunner.withUserConfiguration(AuditPoolConfiguration.class)
			.withPropertyValues("db.capacity-check=fail", "db.instances=" + instances)
			.run((context) -> {
				assertThat(context).hasFailed();
				CapacityExceededException failure = rootCause(context.getStartupFailure());
				assertThat(failure.getReport().pools()).containsExactly("dataSource", "audit");
				String expected = String.format("%d instances × ((5 + 10) dataSource + (3 + 0) audit) + 10 reserved "
						+ "= %d > %d usable (max_connections %d − %d superuser reserved): lower DB_MAX_OVERFLOW to %d "
						+ "(pool 'dataSource', the others as they are) or raise max_connections to %d", instances,
						instances * 18 + 10, maxConnections - superuserReserved, maxConnections, superuserReserved,
						perInstance - 3 - 5, instances * 18 + 10 + superuserReserved);
				assertThat(failure.getProblems()).containsExactly(expected);
				FailureAnalysis analysis = new CapacityExceededFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("The fleet of pools 'dataSource' and 'audit' can open "
						+ "more connections than the database allows (instances × Σ(pool-size + max-overflow) of the "
						+ "pools on one server + reserved must fit)");
			});
	}

	@Test
	void failLogsOneLineForThePoolsOfOneServer(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(AuditPoolConfiguration.class)
			.withPropertyValues("db.capacity-check=fail", "db.pools.audit.pool-size=2", "db.pools.audit.max-overflow=1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				CapacityReport report = context.getBean(CapacityCheck.class).reports().get("audit");
				assertThat(report).isSameAs(context.getBean(CapacityCheck.class).reports().get("dataSource"));
				assertThat(report.server().server()).endsWith(":" + showInt("port"));
			});
		assertThat(output).containsOnlyOnce("Capacity of pools 'dataSource' and 'audit': 1 × ((5 + 10) dataSource "
				+ "+ (2 + 1) audit) + 10 reserved = 28 of ");
	}

	@Test
	void warnLogsTheNumbersAndTheFixOnceTheApplicationIsReady(CapturedOutput output) throws SQLException {
		int instances = showInt("max_connections") / 15 + 1;
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("spring.datasource.url", database.jdbcUrl(),
				"spring.datasource.username", database.username(), "spring.datasource.password", database.password(),
				"db.instances", String.valueOf(instances)));
		try (ConfigurableApplicationContext context = application.run()) {
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(output)
					.contains("WARN")
					.contains("Pool 'dataSource' can open more connections than the database allows: " + instances
							+ " instances × (5 + 10) + 10 reserved"));
			assertThat(context.getBean(CapacityCheck.class).reports().get("dataSource").fits()).isFalse();
		}
	}

	@Test
	void roleConnectionLimitIsCheckedForAnOrdinaryRole() throws SQLException {
		TestRole role = database.createRole("CONNECTION LIMIT 4");
		this.contextRunner
			.withPropertyValues("spring.datasource.username=" + role.name(),
					"spring.datasource.password=" + role.password(), "db.pool-size=2", "db.max-overflow=8",
					"db.capacity-check=fail")
			.run((context) -> {
				CapacityExceededException failure = rootCause(context.getStartupFailure());
				assertThat(failure.getReport().server().superuser()).isFalse();
				assertThat(failure.getReport().server().roleLimit()).isEqualTo(4);
				assertThat(failure.getProblems()).containsExactly("1 instance × (2 + 8) = 10 > 4, the CONNECTION "
						+ "LIMIT of role " + role.name() + ": lower DB_MAX_OVERFLOW to 2 or ALTER ROLE " + role.name()
						+ " CONNECTION LIMIT 10");
			});
	}

	@Test
	void databaseConnectionLimitIsCheckedForAnOrdinaryRole() throws SQLException {
		TestRole role = database.createRole("");
		// The limit counts every connection to the database, superusers' too: leave room for the pool.
		int limit = connectionsToTheDatabase() + 6;
		execute("alter database " + database.databaseName() + " connection limit " + limit);
		try {
			this.contextRunner
				.withPropertyValues("spring.datasource.username=" + role.name(),
						"spring.datasource.password=" + role.password(), "db.pool-size=2", "db.max-overflow=60",
						"db.capacity-check=fail")
				.run((context) -> assertThat(rootCause(context.getStartupFailure()).getProblems())
					.containsExactly("1 instance × (2 + 60) = 62 > " + limit + ", the CONNECTION LIMIT of database "
							+ database.databaseName() + ": lower DB_MAX_OVERFLOW to " + (limit - 2)
							+ " or ALTER DATABASE " + database.databaseName() + " CONNECTION LIMIT 62"));
		}
		finally {
			execute("alter database " + database.databaseName() + " connection limit -1");
		}
	}

	@Test
	void anOrdinaryRoleSeesItsServiceByNameAndItsLiveInstances() throws SQLException {
		TestRole role = database.createRole("");
		this.contextRunner
			.withPropertyValues("spring.datasource.username=" + role.name(),
					"spring.datasource.password=" + role.password(), "db.pool-size=3")
			.run((context) -> {
				CapacityReport report = context.getBean(CapacityCheck.class).check().reports().get("dataSource");
				ServerCapacity server = report.server();
				assertThat(server.superuser()).isFalse();
				assertThat(server.role()).isEqualTo(role.name());
				assertThat(server.maxConnections()).isEqualTo(showInt("max_connections"));
				assertThat(server.usable()).isEqualTo(server.maxConnections() - server.superuserReserved()
						- server.reservedConnections());
				assertThat(server.applicationName()).startsWith(this.applicationName + "#");
				assertThat(server.service()).isEqualTo(this.applicationName);
				assertThat(server.serviceConnections()).isBetween(1, 15);
				assertThat(server.liveInstances()).isEqualTo(1);
				assertThat(report.live().exact()).isTrue();
				assertThat(report.live().instanceConnections()).isEqualTo(server.serviceConnections());
				assertThat(report.fits()).isTrue();
				assertThat(report.budget().fleetMaximum()).isEqualTo(13);
			});
	}

	@Test
	void poolConnectionsCarryTheServiceAndTheInstanceNameOnTheServer() {
		this.contextRunner.withPropertyValues("db.pool-size=2").run((context) -> {
			context.getBean(HikariDataSource.class).getConnection().close();
			String name = String.valueOf(context.getBean(HikariDataSource.class)
				.getDataSourceProperties()
				.get("ApplicationName"));
			assertThat(name).matches(Pattern.quote(this.applicationName) + "#[^#]+:" + ProcessHandle.current().pid()
					+ "(\\.\\d+)?");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(connectionsNamed(name)).isEqualTo(2));
		});
	}

	@Test
	void anApplicationNameTheUserSetIsKept() {
		String own = "own-name-" + UUID.randomUUID().toString().substring(0, 8);
		this.contextRunner.withPropertyValues("spring.datasource.url=" + database.jdbcUrl() + "?ApplicationName=" + own)
			.run((context) -> {
				context.getBean(HikariDataSource.class).getConnection().close();
				assertThat(connectionsNamed(own)).isPositive();
				assertThat(connectionsNamed(this.applicationName)).isZero();
			});
	}

	private static CapacityExceededException rootCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof CapacityExceededException exceeded) {
				return exceeded;
			}
		}
		throw new AssertionError("No CapacityExceededException in " + failure);
	}

	private static int connectionsNamed(String applicationName) throws SQLException {
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(
						"select count(*) from pg_stat_activity where application_name = '" + applicationName + "'")) {
			result.next();
			return result.getInt(1);
		}
	}

	private static int connectionsToTheDatabase() throws SQLException {
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("select count(*) from pg_stat_activity where datname = current_database()")) {
			result.next();
			return result.getInt(1);
		}
	}

	private static int showInt(String setting) throws SQLException {
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("show " + setting)) {
			result.next();
			return Integer.parseInt(result.getString(1));
		}
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/** A pool of the application's own, next to Spring Boot's: the guides' reporting or audit pool. */
	@Configuration(proxyBeanMethods = false)
	static class AuditPoolConfiguration {

		@Bean(defaultCandidate = false)
		HikariDataSource audit() {
			HikariDataSource audit = DataSourceBuilder.create()
				.type(HikariDataSource.class)
				.url(database.jdbcUrl())
				.username(database.username())
				.password(database.password())
				.build();
			audit.setMaximumPoolSize(3);
			return audit;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
			CapacityAutoConfiguration.class })
	static class MinimalApplication {

	}

}
