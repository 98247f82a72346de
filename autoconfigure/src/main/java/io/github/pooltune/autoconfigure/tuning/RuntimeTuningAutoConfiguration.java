package io.github.pooltune.autoconfigure.tuning;

import io.github.pooltune.autoconfigure.ConditionalOnPools;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.capacity.CapacityAutoConfiguration;
import io.github.pooltune.autoconfigure.capacity.CapacityCheck;
import io.github.pooltune.autoconfigure.hikari.PoolTunings;
import io.github.pooltune.autoconfigure.hikari.TunedPools;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.pool.PoolRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of {@link RuntimeTuning}, the one path by which running pools change.
 *
 * @author pooltune
 */
@AutoConfiguration(after = { PooltuneAutoConfiguration.class, DataSourceAutoConfiguration.class,
		CapacityAutoConfiguration.class })
@ConditionalOnPools
public final class RuntimeTuningAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RuntimeTuning pooltuneRuntimeTuning(PoolSettings settings, PoolRegistry registry, PoolTunings tunings,
			ObjectProvider<CapacityCheck> capacityCheck) {
		return new RuntimeTuning(new TunedPools(settings, registry.pools(), tunings), capacityCheck.getIfAvailable());
	}

}
