package io.github.pooltune.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no database configured the sample starts on an embedded real PostgreSQL and says
 * so in its log.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDatabaseDefaultTests {

	@Test
	void startsOnAnEmbeddedPostgresWhenNoDatabaseIsConfigured(CapturedOutput output) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		try (ConfigurableApplicationContext context = application.run("--server.port=0")) {
			String version = context.getBean(JdbcTemplate.class).queryForObject("show server_version", String.class);
			assertThat(version).isNotBlank();
		}
		assertThat(output).contains("No database configured (DATABASE_URL or spring.datasource.url): started an "
				+ "embedded PostgreSQL on 127.0.0.1:")
			.contains("Tuned HikariCP pool 'dataSource': pool-size=20 (application.yml)");
	}

}
