package io.github.pooltune.autoconfigure.metrics;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Gives every {@link HikariDataSource} pooltune's composed metrics tracker factory before
 * its pool starts (HikariCP seals its configuration at start). A pool that reports to a
 * Dropwizard/Codahale registry keeps it, without pooltune's meters: HikariCP refuses a
 * tracker factory next to a metric registry.
 *
 * @author pooltune
 */
class PoolMetricsBeanPostProcessor implements BeanPostProcessor, Ordered {

	private static final Log logger = LogFactory.getLog(PoolMetricsBeanPostProcessor.class);

	private final ObjectProvider<MeterRegistry> registry;

	private final ObjectProvider<PoolTrackerContributor> contributors;

	PoolMetricsBeanPostProcessor(ObjectProvider<MeterRegistry> registry,
			ObjectProvider<PoolTrackerContributor> contributors) {
		this.registry = registry;
		this.contributors = contributors;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource hikari && hikari.getHikariPoolMXBean() == null
				&& !(hikari.getMetricsTrackerFactory() instanceof PoolMetricsTrackerFactory)) {
			if (hikari.getMetricRegistry() != null) {
				logger.info("HikariCP pool '" + beanName + "' reports to a metric registry of its own; "
						+ "pooltune adds no db_pool_* metrics to it");
			}
			else {
				hikari.setMetricsTrackerFactory(
						new PoolMetricsTrackerFactory(hikari, hikari.getMetricsTrackerFactory(), this.registry,
						this.contributors));
			}
		}
		return bean;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
