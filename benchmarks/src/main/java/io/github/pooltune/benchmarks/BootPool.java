package io.github.pooltune.benchmarks;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.capacity.CapacityAutoConfiguration;
import io.github.pooltune.autoconfigure.diagnostics.DiagnosticsAutoConfiguration;
import io.github.pooltune.autoconfigure.metrics.PoolMetricsAutoConfiguration;
import io.github.pooltune.test.TestDatabase;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The pool as Spring Boot creates it, with its metrics, in a context of only the
 * auto-configurations that matter to it; with pooltune, pooltune tunes it, composes its
 * metrics tracker ({@code hikaricp.*} and {@code db.pool.*} meters, pool events) and
 * samples its demand in the background. Without pooltune, the same values are set with
 * {@code spring.datasource.hikari.*}.
 *
 * @author pooltune
 */
final class BootPool {

	private BootPool() {
	}

	/**
	 * Starts the context and the pool, and checks that the pool has the
	 * {@link PlainPool#SHAPE} and, with pooltune, pooltune's tracker.
	 * @param registry {@code prometheus} or {@code simple}
	 */
	static ConfigurableApplicationContext start(TestDatabase database, String registry, boolean pooltune)
			throws SQLException {
		// Spring Boot's simple registry stands back for Prometheus's unless that is switched off.
		boolean prometheus = switch (registry) {
			case "prometheus" -> true;
			case "simple" -> false;
			default -> throw new IllegalArgumentException("registry: prometheus or simple, not " + registry);
		};
		List<String> properties = new ArrayList<>(List.of("spring.datasource.url=" + database.jdbcUrl(),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(),
				"spring.datasource.hikari.pool-name=" + PlainPool.POOL_NAME,
				"management.prometheus.metrics.export.enabled=" + prometheus));
		if (pooltune) {
			properties.addAll(List.of("db.pool-size=" + PlainPool.SIZE, "db.max-overflow=0"));
		}
		else {
			PoolShape shape = PlainPool.SHAPE;
			properties.addAll(List.of("db.enabled=false",
					"spring.datasource.hikari.maximum-pool-size=" + shape.maximumPoolSize(),
					"spring.datasource.hikari.minimum-idle=" + shape.minimumIdle(),
					"spring.datasource.hikari.connection-timeout=" + shape.connectionTimeout(),
					"spring.datasource.hikari.validation-timeout=" + shape.validationTimeout(),
					"spring.datasource.hikari.max-lifetime=" + shape.maxLifetime(),
					"spring.datasource.hikari.idle-timeout=" + shape.idleTimeout(),
					"spring.datasource.hikari.keepalive-time=" + shape.keepaliveTime()));
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Service.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.properties(properties.toArray(String[]::new))
			.run();
		HikariDataSource dataSource = context.getBean(HikariDataSource.class);
		dataSource.getConnection().close();
		MeterRegistry meterRegistry = context.getBean(MeterRegistry.class);
		if ((meterRegistry instanceof PrometheusMeterRegistry) != prometheus) {
			throw new IllegalStateException("The pool's meters go to a " + meterRegistry.getClass().getSimpleName()
					+ ", not the " + registry + " registry");
		}
		check(dataSource, meterRegistry, pooltune);
		return context;
	}

	private static void check(HikariDataSource dataSource, MeterRegistry registry, boolean pooltune) {
		PoolShape shape = PoolShape.of(dataSource);
		if (!shape.equals(PlainPool.SHAPE)) {
			throw new IllegalStateException("Spring Boot's pool differs from the plain one in more than the "
					+ "context: " + shape + " instead of " + PlainPool.SHAPE);
		}
		String factory = dataSource.getMetricsTrackerFactory().getClass().getName();
		if (factory.startsWith("io.github.pooltune.") != pooltune) {
			throw new IllegalStateException("Spring Boot's pool runs with metrics tracker " + factory
					+ (pooltune ? ", not pooltune's" : ", which is pooltune's though pooltune is off"));
		}
		if (registry.find("hikaricp.connections.acquire").timer() == null
				|| (registry.find("db.pool.utilization").gauge() != null) != pooltune) {
			throw new IllegalStateException("Spring Boot's pool lacks hikaricp.* meters, or db.pool.* meters "
					+ (pooltune ? "are missing" : "are there without pooltune") + ": "
					+ registry.getMeters().stream().map((meter) -> meter.getId().getName()).sorted().toList());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
			PoolMetricsAutoConfiguration.class, CapacityAutoConfiguration.class, DiagnosticsAutoConfiguration.class,
			MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
			PrometheusMetricsExportAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
			DataSourcePoolMetricsAutoConfiguration.class })
	static class Service {

	}

}
