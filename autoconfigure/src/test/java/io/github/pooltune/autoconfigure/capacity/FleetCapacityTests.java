package io.github.pooltune.autoconfigure.capacity;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.ServiceInstances;
import io.github.pooltune.autoconfigure.diagnostics.DiagnosticsAutoConfiguration;
import io.github.pooltune.autoconfigure.diagnostics.SessionCheck;
import io.github.pooltune.autoconfigure.endpoint.CapacitySection.PlanDescriptor;
import io.github.pooltune.autoconfigure.endpoint.PooltuneEndpoint;
import io.github.pooltune.autoconfigure.endpoint.PooltuneEndpointAutoConfiguration;
import io.github.pooltune.autoconfigure.metrics.PoolMetricsAutoConfiguration;
import io.github.pooltune.capacity.CapacityReport;
import io.github.pooltune.diagnostics.SessionFinding;
import io.github.pooltune.test.RestartablePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of one service on one host, started one after another against a
 * PostgreSQL of the test's own with {@code max_connections = 40}: three application
 * contexts of this JVM, each with its own pool (2 + 10), the same service name and the
 * same client address, the case where counting client hosts saw one instance. Two fit
 * (2 × 12 + 10 = 34 of 37 usable); the third does not (46). The third's start-up check
 * and the periodic check of the first two warn with 3 instances; a session left idle in a
 * transaction is reported by its own instance alone; a server out of slots is explained
 * with the fleet; when the third stops, the first two say the fleet fits again.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class FleetCapacityTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static RestartablePostgres server;

	private final ServiceInstances instances = new ServiceInstances("fleet", server);

	@BeforeAll
	static void startServer() throws Exception {
		server = RestartablePostgres.start(Map.of("max_connections", "40"));
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void instancesOnOneHostAreCountedAtStartAndWhileTheyRun(CapturedOutput output) throws Exception {
		try {
			ConfigurableApplicationContext first = start();
			String firstName = awaitName(first);
			String fits = "Capacity of pool 'dataSource': 1 × (2 + 10) + 10 reserved = 22 of 37 usable "
					+ "(max_connections 40 − 3 superuser reserved), 15 to spare; now this instance (" + firstName + ")";
			await().atMost(WAIT).untilAsserted(() -> assertThat(output.getOut()).contains(fits));

			ConfigurableApplicationContext second = start();
			String secondName = awaitName(second);
			String twoFit = "Capacity of pool 'dataSource': 2 × (2 + 10) + 10 reserved = 34 of 37 usable "
					+ "(max_connections 40 − 3 superuser reserved), 3 to spare (2 instances of '" + this.instances.service()
					+ "' are connected now, more than DB_INSTANCES=1: counting 2); now this instance (" + secondName
					+ ")";
			await().atMost(WAIT).untilAsserted(() -> assertThat(output.getOut()).contains(twoFit));

			ConfigurableApplicationContext third = start();
			String thirdName = awaitName(third);
			assertThat(List.of(firstName, secondName, thirdName)).doesNotHaveDuplicates()
				.allMatch((name) -> name.startsWith(this.instances.service() + "#"));
			String tooMany = "Pool 'dataSource' can open more connections than the database allows (3 instances of '"
					+ this.instances.service() + "' are connected now, more than DB_INSTANCES=1: counting 3): 3 instances × (2 + 10) "
					+ "+ 10 reserved = 46 > 37 usable (max_connections 40 − 3 superuser reserved): lower "
					+ "DB_MAX_OVERFLOW to 7 or raise max_connections to 49; now this instance (";
			for (String name : List.of(thirdName, firstName, secondName)) {
				await().atMost(WAIT).untilAsserted(() -> assertThat(output.getOut()).contains(tooMany + name + ")"));
			}
			printLines(output, "After the third instance started");
			assertThat(fleetGauge(first, FleetMeters.INSTANCES)).isEqualTo(3);
			assertThat(fleetGauge(first, FleetMeters.HEADROOM)).isEqualTo(37 - 10 - 36);

			aSessionIdleInATransactionIsReportedByItsOwnInstanceAlone(output, first, second, third);
			aServerOutOfSlotsIsExplainedWithTheFleet(output, first);

			third.close();
			String fitsAgain = "Capacity of pool 'dataSource' fits again: 2 × (2 + 10) + 10 reserved = 34 of 37 usable "
					+ "(max_connections 40 − 3 superuser reserved), 3 to spare (2 instances of '" + this.instances.service()
					+ "' are connected now, more than DB_INSTANCES=1: counting 2); now this instance (";
			for (String name : List.of(firstName, secondName)) {
				await().atMost(WAIT)
					.untilAsserted(() -> assertThat(output.getOut()).contains(fitsAgain + name + ")"));
			}
			assertThat(fleetGauge(first, FleetMeters.HEADROOM)).isEqualTo(3);
			printLines(output, "After the third instance stopped");
			// Once per change of state: the first instance said each thing once.
			assertThat(count(output, tooMany + firstName + ")")).isOne();
			assertThat(count(output, fitsAgain + firstName + ")")).isOne();

			printCapacity("first", first);
			printCapacity("second", second);
			PlanDescriptor plan = (PlanDescriptor) first.getBean(PooltuneEndpoint.class)
				.section("capacity", null, null)
				.get("dataSource");
			System.out.println("GET /actuator/pooltune/capacity of the first instance: " + json(plan));
			assertThat(plan.instances()).isEqualTo(2);
			assertThat(plan.instancesFrom()).isEqualTo("live");
			assertThat(plan.perInstance()).isEqualTo((37 - 10) / 2);
		}
		finally {
			this.instances.close();
		}
	}

	private void aSessionIdleInATransactionIsReportedByItsOwnInstanceAlone(CapturedOutput output,
			ConfigurableApplicationContext first, ConfigurableApplicationContext second,
			ConfigurableApplicationContext third) throws Exception {
		try (Connection held = second.getBean(HikariDataSource.class).getConnection()) {
			held.setAutoCommit(false);
			try (Statement statement = held.createStatement()) {
				statement.execute("select 1");
			}
			int pid = held.unwrap(PGConnection.class).getBackendPID();
			String warning = "Session pid " + pid + " of pool 'dataSource' has been idle in transaction for";
			await().atMost(WAIT).untilAsserted(() -> assertThat(pids(second)).contains(pid));
			// The other two have run their session checks meanwhile, on the same host and client address.
			await().atMost(WAIT).untilAsserted(() -> assertThat(lastChecked(first)).isNotNull());
			Thread.sleep(1500);
			assertThat(pids(first)).doesNotContain(pid);
			assertThat(pids(third)).doesNotContain(pid);
			assertThat(count(output, warning)).isOne();
			System.out.println("The second instance's session check: "
					+ lines(output, warning).get(0).replaceFirst("^.*? WARN ", "WARN "));
			held.rollback();
		}
	}

	private void aServerOutOfSlotsIsExplainedWithTheFleet(CapturedOutput output,
			ConfigurableApplicationContext first) throws Exception {
		List<Connection> others = new ArrayList<>();
		List<Connection> borrowed = new ArrayList<>();
		try {
			try {
				while (others.size() < 40) {
					others.add(server.connect());
				}
			}
			catch (SQLException ex) {
				assertThat(ex.getMessage()).contains("too many clients");
			}
			HikariDataSource pool = first.getBean(HikariDataSource.class);
			try {
				for (int i = 0; i < 4; i++) {
					borrowed.add(pool.getConnection());
				}
			}
			catch (SQLException ex) {
				// The pool cannot open another: the server has no slot left.
			}
			String explained = "HikariCP pool 'dataSource' cannot open connections: FATAL: sorry, too many clients "
					+ "already (53300): the server has no connection slot left for this role and database "
					+ "(max_connections, or a CONNECTION LIMIT on the role or the database). At the last capacity "
					+ "check (";
			await().atMost(WAIT).untilAsserted(() -> assertThat(output.getOut()).contains(explained));
			String line = lines(output, explained).get(0);
			System.out.println("A server out of slots: " + line.replaceFirst("^.*? WARN ", "WARN "));
			assertThat(line).contains(" 3 instances of '" + this.instances.service() + "' held ")
				.contains("; the fleet's budget is 27 connections (37 usable − 10 reserved), which the fleet does not "
						+ "fit: 3 instances × (2 + 10) + 10 reserved = 46 > 37 usable (max_connections 40 − 3 "
						+ "superuser reserved): lower DB_MAX_OVERFLOW to 7 or raise max_connections to 49");
		}
		finally {
			for (Connection connection : borrowed) {
				connection.close();
			}
			for (Connection connection : others) {
				connection.close();
			}
		}
	}

	private ConfigurableApplicationContext start() {
		return this.instances.start(FleetApplication.class, Map.of("db.pool-size", "2", "db.max-overflow", "10",
				"db.pool-timeout", "2", "db.capacity-check-interval", "1s", "db.diagnostics-interval", "1s",
				"db.idle-in-transaction-warn", "1s", "management.endpoints.web.exposure.include", "pooltune"));
	}

	/** The instance's name, once its start-up check has read the server. */
	private static String awaitName(ConfigurableApplicationContext context) {
		CapacityCheck check = context.getBean(CapacityCheck.class);
		await().atMost(WAIT).until(() -> check.reports().containsKey("dataSource"));
		return check.reports().get("dataSource").live().applicationName();
	}

	private static List<Integer> pids(ConfigurableApplicationContext context) {
		return context.getBean(SessionCheck.class)
			.findings()
			.getOrDefault("dataSource", List.of())
			.stream()
			.map(SessionFinding::pid)
			.toList();
	}

	private static List<SessionFinding> lastChecked(ConfigurableApplicationContext context) {
		return context.getBean(SessionCheck.class).findings().get("dataSource");
	}

	private static double fleetGauge(ConfigurableApplicationContext context, String name) {
		return context.getBean(MeterRegistry.class).get(name).tag("pool", "dataSource").gauge().value();
	}

	private static void printCapacity(String which, ConfigurableApplicationContext context) {
		CapacityReport report = context.getBean(CapacityCheck.class).reports().get("dataSource");
		assertThat(report.live().instances()).isEqualTo(2);
		System.out.println("The " + which + " instance's capacity section (GET /actuator/pooltune): "
				+ json(context.getBean(PooltuneEndpoint.class).pooltune().capacity()));
	}

	private static String json(Object value) {
		return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(value);
	}

	private static void printLines(CapturedOutput output, String when) {
		System.out.println(when + ", the capacity checks said:");
		lines(output, "capacity.CapacityCheck").stream()
			.map((line) -> "  " + line.replaceFirst("^.*? (INFO|WARN) ", "$1 "))
			.forEach(System.out::println);
	}

	private static List<String> lines(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text) && !line.startsWith("  ")).toList();
	}

	private static long count(CapturedOutput output, String text) {
		return lines(output, text).size();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
			PoolMetricsAutoConfiguration.class, CapacityAutoConfiguration.class, DiagnosticsAutoConfiguration.class,
			PooltuneEndpointAutoConfiguration.class })
	static class FleetApplication {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
