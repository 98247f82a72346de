package io.github.pooltune.autoconfigure.database;

import java.util.LinkedHashMap;
import java.util.Map;

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
 * Turns {@code DATABASE_URL} into {@code spring.datasource.url}, {@code username} and
 * {@code password} when {@code spring.datasource.url} is not set. The new properties
 * have the lowest precedence, so any {@code spring.datasource.*} set elsewhere wins.
 *
 * @author pooltune
 */
public class DatabaseUrlEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding what DATABASE_URL gives. */
	public static final String PROPERTY_SOURCE_NAME = "pooltuneDatabaseUrl";

	static final String DATABASE_URL = "DATABASE_URL";

	private final Log logger;

	public DatabaseUrlEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(DatabaseUrlEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String url = environment.getProperty(DATABASE_URL);
		// Only an explicit false switches it off; pooltune's start-up check refuses other values.
		if (!StringUtils.hasText(url) || "false".equalsIgnoreCase(environment.getProperty("db.enabled", "").strip())) {
			return;
		}
		if (environment.containsProperty("spring.datasource.url")) {
			this.logger.info("DATABASE_URL is ignored because spring.datasource.url is set");
			return;
		}
		DatabaseUrl databaseUrl = DatabaseUrl.parse(url);
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", databaseUrl.jdbcUrl());
		if (databaseUrl.username() != null) {
			properties.put("spring.datasource.username", databaseUrl.username());
		}
		if (databaseUrl.password() != null) {
			properties.put("spring.datasource.password", databaseUrl.password());
		}
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		this.logger.info("Using the database named by DATABASE_URL: " + databaseUrl.location());
	}

	/** After the config data (application.yml), so that its spring.datasource.url counts. */
	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

}
