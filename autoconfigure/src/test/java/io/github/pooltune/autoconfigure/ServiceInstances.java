package io.github.pooltune.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.pooltune.test.RestartablePostgres;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Instances of one service, each a Spring application in this JVM, on a server of the
 * test's own: as instances side by side on one host reach their database. The service
 * name is new for each test, so that pooltune's count of live instances sees this test's
 * instances only. Closing stops every instance started.
 *
 * @author pooltune
 */
public final class ServiceInstances implements AutoCloseable {

	private final String service;

	private final RestartablePostgres server;

	private final List<ConfigurableApplicationContext> started = new ArrayList<>();

	/** Instances of a service named {@code <prefix>-<random>} on the given server. */
	public ServiceInstances(String prefix, RestartablePostgres server) {
		this.service = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		this.server = server;
	}

	/** The service's name, {@code spring.application.name} of every instance. */
	public String service() {
		return this.service;
	}

	/**
	 * Starts one more instance of the application as user {@code postgres}, without a web
	 * server, with the given properties on top of the service's name and database.
	 */
	public ConfigurableApplicationContext start(Class<?> application, Map<String, String> properties) {
		SpringApplication instance = new SpringApplication(application);
		instance.setWebApplicationType(WebApplicationType.NONE);
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.application.name", this.service);
		defaults.put("spring.datasource.url", this.server.jdbcUrl("postgres"));
		defaults.put("spring.datasource.username", "postgres");
		defaults.putAll(properties);
		instance.setDefaultProperties(defaults);
		ConfigurableApplicationContext context = instance.run();
		this.started.add(context);
		return context;
	}

	@Override
	public void close() {
		this.started.forEach(ConfigurableApplicationContext::close);
		this.started.clear();
	}

}
