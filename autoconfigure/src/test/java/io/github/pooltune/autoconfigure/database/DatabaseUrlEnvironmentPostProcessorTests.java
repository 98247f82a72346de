package io.github.pooltune.autoconfigure.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.test.TestDatabase;
import io.github.pooltune.test.TestRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link DatabaseUrlEnvironmentPostProcessor}.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseUrlEnvironmentPostProcessorTests {

	private static final TestDatabase database = TestDatabase.get();

	private final DatabaseUrlEnvironmentPostProcessor postProcessor = new DatabaseUrlEnvironmentPostProcessor(
			new DeferredLogs());

	@Test
	void databaseUrlBecomesSpringDatasourceProperties() {
		StandardEnvironment environment = environment(
				Map.of("DATABASE_URL", "postgresql://app:secret@db:5432/orders?sslmode=require"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.datasource.url"))
			.isEqualTo("jdbc:postgresql://db:5432/orders?sslmode=require");
		assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("app");
		assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("secret");
	}

	@Test
	void explicitSpringDatasourceUrlWins() {
		StandardEnvironment environment = environment(Map.of("DATABASE_URL", "postgresql://app:secret@db/orders",
				"spring.datasource.url", "jdbc:postgresql://elsewhere/other"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://elsewhere/other");
		assertThat(environment.getProperty("spring.datasource.password")).isNull();
	}

	@Test
	void explicitUsernameWinsOverTheOneInTheUrl() {
		StandardEnvironment environment = environment(
				Map.of("DATABASE_URL", "postgresql://app:secret@db/orders", "spring.datasource.username", "admin"));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("admin");
	}

	@Test
	void applicationConnectsThroughDatabaseUrlAndNeverLogsThePassword(CapturedOutput output) throws Exception {
		TestRole role = database.createRole("");
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("DATABASE_URL", database.databaseUrl(role)));
		try (ConfigurableApplicationContext context = application.run();
				Connection connection = context.getBean(javax.sql.DataSource.class).getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select current_database(), current_user")) {
			result.next();
			assertThat(result.getString(1)).isEqualTo(database.databaseName());
			assertThat(result.getString(2)).isEqualTo(role.name());
		}
		assertThat(output).contains("Using the database named by DATABASE_URL: jdbc:postgresql://")
			.doesNotContain(role.password());
	}

	@Test
	void badDatabaseUrlFailsStartUpWithAnAnalysisWithoutThePassword(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("DATABASE_URL", "mysql://app:hunter2@localhost/orders"));
		assertThatException().isThrownBy(application::run);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("DATABASE_URL 'mysql://app:******@localhost/orders' cannot be used")
			.doesNotContain("hunter2");
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class })
	static class MinimalApplication {

	}

}
