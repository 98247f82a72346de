package io.github.pooltune.autoconfigure.metrics;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.settings.ConditionalOnPooltuneEnabled;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the {@code db_pool_*} metrics and the DEBUG pool events, through the metrics
 * tracker HikariCP already calls.
 *
 * @author pooltune
 */
@AutoConfiguration(after = PooltuneAutoConfiguration.class)
@ConditionalOnClass({ HikariDataSource.class, MeterRegistry.class })
@ConditionalOnPooltuneEnabled
public final class PoolMetricsAutoConfiguration {

	@Bean
	static PoolMetricsBeanPostProcessor pooltunePoolMetricsBeanPostProcessor(ObjectProvider<MeterRegistry> registry,
			ObjectProvider<PoolTrackerContributor> contributors) {
		return new PoolMetricsBeanPostProcessor(registry, contributors);
	}

}
