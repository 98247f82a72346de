package io.github.pooltune.autoconfigure.capacity;

import java.time.Duration;


import io.micrometer.core.instrument.MeterRegistry;

import io.github.pooltune.autoconfigure.ConditionalOnPools;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.diagnostics.ConnectionFailures;
import io.github.pooltune.autoconfigure.hikari.PoolTunings;
import io.github.pooltune.autoconfigure.hikari.TunedPools;
import io.github.pooltune.autoconfigure.metrics.PoolTrackerContributor;
import io.github.pooltune.autoconfigure.settings.AutosizeMode;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.Setting;
import io.github.pooltune.capacity.CapacityReports;
import io.github.pooltune.pool.PoolRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the capacity check of every pool against its server's limits, at start-up and while
 * the application runs, the fleet's gauges, and the measured demand.
 *
 * @author pooltune
 */
@AutoConfiguration(after = { PooltuneAutoConfiguration.class, DataSourceAutoConfiguration.class })
@ConditionalOnPools
public final class CapacityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CapacityCheck pooltuneCapacityCheck(PoolSettings settings, PoolRegistry pools, PoolTunings tunings,
			ObjectProvider<ConnectionFailures> failures) {
		CapacityCheck check = new CapacityCheck(new TunedPools(settings, pools.pools(), tunings));
		// A server out of slots is explained with the fleet this check saw last.
		failures.ifAvailable((explained) -> explained.describeFleetWith(check));
		return check;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class DemandConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DemandSampler pooltuneDemandSampler(PoolRegistry pools, PoolSettings settings, PoolTunings tunings,
				ObjectProvider<MeterRegistry> registry) {
			// The autopilot reads the demand of its last few decisions: two samples per interval at least.
			boolean autosized = tunings.all().stream().anyMatch((tuning) -> tuning.autosize() != AutosizeMode.OFF);
			Duration period = autosized ? settings.value(Setting.POOL_AUTOSIZE_INTERVAL).dividedBy(2)
					: DemandSampler.PERIOD;
			return new DemandSampler(pools.pools(), registry, period);
		}

		@Bean
		PoolTrackerContributor pooltuneFleetMeters(ObjectProvider<CapacityReports> reports,
				ObjectProvider<MeterRegistry> registry) {
			return new FleetMeters(reports, registry);
		}

	}

}
