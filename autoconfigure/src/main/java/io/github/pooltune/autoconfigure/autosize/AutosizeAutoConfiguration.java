package io.github.pooltune.autoconfigure.autosize;

import io.micrometer.core.instrument.MeterRegistry;

import io.github.pooltune.autoconfigure.ConditionalOnPools;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.capacity.CapacityAutoConfiguration;
import io.github.pooltune.autoconfigure.capacity.DemandSampler;
import io.github.pooltune.autoconfigure.hikari.PoolTunings;
import io.github.pooltune.autoconfigure.hikari.TunedPools;
import io.github.pooltune.autoconfigure.metrics.PoolTrackerContributor;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
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
 * for the {@link Autopilot} ({@code db.pool-autosize}) and its meters. The autopilot
 * bean is always there; it schedules nothing unless a pool asks for {@code advise} or
 * {@code on}.
 *
 * @author pooltune
 */
@AutoConfiguration(after = { PooltuneAutoConfiguration.class, DataSourceAutoConfiguration.class,
		CapacityAutoConfiguration.class })
@ConditionalOnPools
public final class AutosizeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Autopilot pooltuneAutopilot(PoolSettings settings, PoolRegistry pools, PoolTunings tunings,
			ObjectProvider<DemandSampler> demand, ObjectProvider<MeterRegistry> registry,
			ObjectProvider<CapacityReports> capacity) {
		return new Autopilot(new TunedPools(settings, pools.pools(), tunings), demand, registry, capacity);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class AutosizeMetersConfiguration {

		@Bean
		PoolTrackerContributor pooltuneAutosizeMeters(ObjectProvider<Autopilot> autopilot,
				ObjectProvider<PoolTunings> tunings, ObjectProvider<MeterRegistry> registry) {
			return new AutosizeMeters(autopilot, tunings, registry);
		}

	}

}
