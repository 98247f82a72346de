package io.github.pooltune.autoconfigure.endpoint;

import java.sql.Connection;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.endpoint.PooltuneEndpoint.PooltuneDescriptor;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

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
				PooltuneEndpointAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(),
				"management.endpoints.web.exposure.include=pooltune");

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

}
