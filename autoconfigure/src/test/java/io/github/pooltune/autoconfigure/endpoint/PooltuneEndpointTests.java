package io.github.pooltune.autoconfigure.endpoint;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.TestPools;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.capacity.CapacityAutoConfiguration;
import io.github.pooltune.autoconfigure.diagnostics.DiagnosticsAutoConfiguration;
import io.github.pooltune.autoconfigure.endpoint.DiagnosticsSection.DiagnosticsDescriptor;
import io.github.pooltune.autoconfigure.endpoint.CapacitySection.CapacityDescriptor;
import io.github.pooltune.autoconfigure.endpoint.CapacitySection.PlanDescriptor;
import io.github.pooltune.autoconfigure.endpoint.PooltuneEndpoint.PooltuneDescriptor;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PooltuneEndpoint} and its auto-configuration.
 *
 * @author pooltune
 */
class PooltuneEndpointTests {

	private static final TestDatabase database = TestDatabase.get();

	private static final String PASSWORD_MARKER = "pw-never-shown";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				CapacityAutoConfiguration.class, DiagnosticsAutoConfiguration.class,
				PooltuneEndpointAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties())
		// A service name of its own: another test run on the same server is no sibling of this one.
		.withPropertyValues("spring.application.name=endpoint-test-" + UUID.randomUUID().toString().substring(0, 8))
		.withPropertyValues("management.endpoints.web.exposure.include=pooltune");

	@Test
	void showsSettingsWithSourcesWhatHikariRunsAndTheLiveState() {
		this.contextRunner.withPropertyValues("db.pool-size=3", "db.preset=staging").run((context) -> {
			PooltuneEndpoint endpoint = context.getBean(PooltuneEndpoint.class);
			assertThat(endpoint.pooltune().pool().get("dataSource")).containsEntry("started", false);
			try (Connection held = context.getBean(HikariDataSource.class).getConnection()) {
				PooltuneDescriptor descriptor = endpoint.pooltune();
				assertThat(descriptor.settings().values().get("pool-size").value()).isEqualTo("3");
				assertThat(descriptor.settings().values().get("pool-size").environmentVariable())
					.isEqualTo("DB_POOL_SIZE");
				assertThat(descriptor.settings().values().get("max-overflow").source()).isEqualTo("preset staging");
				assertThat(descriptor.settings().values().get("pool-timeout").value()).isEqualTo("30s");
				assertThat(descriptor.settings().preset()).isEqualTo("staging");
				assertThat(descriptor.settings().maxConnections()).isEqualTo(13);
				assertThat(descriptor.hikari().get("dataSource").maximumPoolSize()).isEqualTo(13);
				assertThat(descriptor.hikari().get("dataSource").minimumIdle()).isEqualTo(3);
				assertThat(descriptor.pool().get("dataSource")).doesNotContainKey("started")
					.containsEntry("pool_size", 3)
					.containsEntry("max_overflow", 10)
					.containsEntry("checked_out", 1);
			}
		});
	}

	@Test
	void holdsNoSecret() {
		this.contextRunner
			.withPropertyValues("spring.datasource.hikari.data-source-properties.options=-c application_name="
					+ PASSWORD_MARKER, "spring.datasource.password=" + PASSWORD_MARKER)
			.run((context) -> {
				String json = JsonMapper.builder().build()
					.writeValueAsString(context.getBean(PooltuneEndpoint.class).pooltune());
				assertThat(json).contains("\"pool-size\"").doesNotContain(PASSWORD_MARKER).doesNotContain("jdbc:");
			});
	}

	@Test
	void backsOffWhenPooltuneIsDisabled() {
		this.contextRunner.withPropertyValues("db.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PooltuneEndpoint.class));
	}

	@Test
	void backsOffWhenTheEndpointIsNotExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(PooltuneEndpoint.class));
	}

	@Test
	void capacityShowsTheLastCheckWithoutTouchingTheDatabase() throws SQLException {
		int maxConnections = maxConnections();
		this.contextRunner.withPropertyValues("db.capacity-check=fail", "db.instances=2").run((context) -> {
			CapacityDescriptor capacity = context.getBean(PooltuneEndpoint.class).pooltune().capacity().get("dataSource");
			assertThat(capacity.server().maxConnections()).isEqualTo(maxConnections);
			assertThat(capacity.server().superuser()).isTrue();
			assertThat(capacity.fleet().instances()).isEqualTo(2);
			assertThat(capacity.fleet().fleetMaximum()).isEqualTo(30);
			assertThat(capacity.fleet().headroom()).isEqualTo(capacity.server().usable() - 10 - 30);
			assertThat(capacity.fleet().formula()).isEqualTo("2 × (5 + 10) + 10 reserved ≤ "
					+ capacity.server().usable() + " usable");
			assertThat(capacity.problems()).isEmpty();
		});
	}

	@Test
	void capacityNamesThePoolsItCountsTogether() {
		this.contextRunner.withUserConfiguration(TestPools.Reporting.class)
			.withPropertyValues("db.capacity-check=fail", "db.pools.reporting.pool-size=2",
					"db.pools.reporting.max-overflow=0")
			.run((context) -> {
				PooltuneEndpoint endpoint = context.getBean(PooltuneEndpoint.class);
				CapacityDescriptor capacity = endpoint.pooltune().capacity().get("reporting");
				assertThat(capacity.pools()).containsExactly("dataSource", "reporting");
				assertThat(capacity.fleet().fleetMaximum()).isEqualTo(17);
				assertThat(capacity.fleet().formula()).isEqualTo("1 × ((5 + 10) dataSource + (2 + 0) reporting) + 10 "
						+ "reserved ≤ " + capacity.server().usable() + " usable");
				assertThat(capacity.fleet().pools().get("reporting").settingsFrom()).isEqualTo("db.pools.reporting.*");
				assertThat(capacity.fleet().pools().get("dataSource").settingsFrom()).isEqualTo("db.*");
				assertThat(endpoint.pooltune().capacity().get("dataSource")).isEqualTo(capacity);
				PlanDescriptor plan = (PlanDescriptor) endpoint.section("capacity", 4, null).get("reporting");
				assertThat(plan.pool()).isEqualTo("reporting");
				assertThat(plan.otherPools()).isEqualTo(15);
				assertThat(plan.poolSize()).isEqualTo(2);
				assertThat(plan.maxOverflow()).isEqualTo(Math.min(100, plan.perInstance() - 15 - 2));
				PlanDescriptor rds = (PlanDescriptor) endpoint.section("capacity", 3, "db.t3.medium")
					.get("db.t3.medium");
				assertThat(rds).isEqualTo(new PlanDescriptor(3, "request", 1, 334, 331, 10, 321, 107, "dataSource", 5,
						100, 2, 450, 334));
			});
	}

	@Test
	void whatIfPlansForSomeInstancesOnTheLiveServer() throws SQLException {
		int maxConnections = maxConnections();
		this.contextRunner.run((context) -> {
			PlanDescriptor plan = (PlanDescriptor) context.getBean(PooltuneEndpoint.class)
				.section("capacity", 4, null)
				.get("dataSource");
			int budget = plan.usable() - 10;
			assertThat(plan.maxConnections()).isEqualTo(maxConnections);
			assertThat(plan.instances()).isEqualTo(4);
			assertThat(plan.budget()).isEqualTo(budget);
			assertThat(plan.perInstance()).isEqualTo(budget / 4);
			assertThat(plan.poolSize()).isEqualTo(5);
			assertThat(plan.maxOverflow()).isEqualTo(Math.min(100, budget / 4 - 5));
			assertThat(plan.rdsFormulaMaxConnections()).isNull();
			assertThat(plan.instancesFrom()).isEqualTo("request");
			PlanDescriptor asConnected = (PlanDescriptor) context.getBean(PooltuneEndpoint.class)
				.section("capacity", null, null)
				.get("dataSource");
			assertThat(asConnected.instances()).isEqualTo(1);
			assertThat(asConnected.liveInstances()).isEqualTo(1);
			assertThat(asConnected.instancesFrom()).isEqualTo("db.instances");
		});
	}

	@Test
	void whatIfOnAnRdsInstanceClassNeedsNoDatabase() {
		this.contextRunner.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere")
			.run((context) -> {
				PooltuneEndpoint endpoint = context.getBean(PooltuneEndpoint.class);
				assertThat(endpoint.section("capacity", 3, "db.t3.medium")).containsOnlyKeys("db.t3.medium");
				assertThat(endpoint.section("capacity", 3, "db.t3.medium").get("db.t3.medium"))
					.isEqualTo(new PlanDescriptor(3, "request", null, 334, 331, 10, 321, 107, "dataSource", 5, 100, 0,
							450, 334));
				String json = JsonMapper.builder()
					.build()
					.writeValueAsString(endpoint.section("capacity", 3, "db.t3.medium"));
				assertThat(json).contains("\"rdsFormulaMaxConnections\":450", "\"rdsPublishedMaxConnections\":334");
				assertThatExceptionOfType(InvalidEndpointRequestException.class)
					.isThrownBy(() -> endpoint.section("capacity", 3, "db.x1.tiny"))
					.withMessageContaining("db.t3.micro, db.t3.small");
				assertThatExceptionOfType(InvalidEndpointRequestException.class)
					.isThrownBy(() -> endpoint.section("capacity", 0, "db.t3.medium"));
				assertThat(endpoint.section("somethingElse", null, null)).isNull();
			});
	}

	@Test
	void diagnosticsListTheConnectionsHeldLongerThanTheLeakThresholdNow() {
		this.contextRunner.withPropertyValues("db.pool-leak-threshold=2").run((context) -> {
			PooltuneEndpoint endpoint = context.getBean(PooltuneEndpoint.class);
			try (Connection held = context.getBean(HikariDataSource.class).getConnection()) {
				org.awaitility.Awaitility.await()
					.atMost(java.time.Duration.ofSeconds(10))
					.until(() -> !endpoint.pooltune().diagnostics().get("dataSource").leaks().isEmpty());
				DiagnosticsDescriptor diagnostics = (DiagnosticsDescriptor) endpoint.section("diagnostics", null, null)
					.get("dataSource");
				assertThat(diagnostics.leakDetectionThresholdMillis()).isEqualTo(2000);
				assertThat(diagnostics.leaks()).singleElement().satisfies((leak) -> {
					assertThat(leak.thread()).isEqualTo(Thread.currentThread().getName());
					assertThat(leak.heldForSeconds()).isGreaterThanOrEqualTo(2);
					assertThat(leak.borrowSite()).anyMatch((frame) -> frame.contains("PooltuneEndpointTests"));
				});
				String json = JsonMapper.builder().build().writeValueAsString(endpoint.pooltune());
				assertThat(json).contains("\"leaks\":[{\"connection\":").contains("\"borrowSite\":[");
			}
		});
	}

	private static int maxConnections() throws SQLException {
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("show max_connections")) {
			result.next();
			return Integer.parseInt(result.getString(1));
		}
	}

}
