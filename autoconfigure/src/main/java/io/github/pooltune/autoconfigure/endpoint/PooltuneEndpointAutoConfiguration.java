package io.github.pooltune.autoconfigure.endpoint;

import java.util.Map;


import com.zaxxer.hikari.HikariDataSource;

import io.github.pooltune.autoconfigure.ConditionalOnPools;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.autosize.AutosizeAutoConfiguration;
import io.github.pooltune.autoconfigure.autosize.Autopilot;
import io.github.pooltune.autoconfigure.capacity.CapacityAutoConfiguration;
import io.github.pooltune.autoconfigure.capacity.CapacityCheck;
import io.github.pooltune.autoconfigure.capacity.DemandSampler;
import io.github.pooltune.autoconfigure.diagnostics.DiagnosticsAutoConfiguration;
import io.github.pooltune.autoconfigure.diagnostics.PoolFindings;
import io.github.pooltune.autoconfigure.hikari.PoolTunings;
import io.github.pooltune.autoconfigure.hikari.TunedPools;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.tuning.RuntimeTuning;
import io.github.pooltune.autoconfigure.tuning.RuntimeTuningAutoConfiguration;
import io.github.pooltune.pool.PoolRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the {@link PooltuneEndpoint}.
 *
 * @author pooltune
 */
@AutoConfiguration(after = { PooltuneAutoConfiguration.class, DataSourceAutoConfiguration.class,
		CapacityAutoConfiguration.class, DiagnosticsAutoConfiguration.class, RuntimeTuningAutoConfiguration.class,
		AutosizeAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnPools
@ConditionalOnAvailableEndpoint(PooltuneEndpoint.class)
public final class PooltuneEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PooltuneEndpoint pooltuneEndpoint(PoolSettings settings, PoolRegistry registry, PoolTunings tunings,
			ObjectProvider<CapacityCheck> capacityCheck, ObjectProvider<DemandSampler> demandSampler,
			ObjectProvider<PoolFindings> findings, ObjectProvider<RuntimeTuning> runtimeTuning,
			ObjectProvider<Autopilot> autopilot) {
		Map<String, HikariDataSource> pools = registry.pools();
		PooltuneEndpoint.Sections sections = new PooltuneEndpoint.Sections(
				new TuningSection(settings, pools, tunings),
				new CapacitySection(new TunedPools(settings, pools, tunings), capacityCheck.getIfAvailable(),
						demandSampler.getIfAvailable()),
				new DiagnosticsSection(pools, findings.getIfAvailable()),
				new AutosizeSection(pools, autopilot.getIfAvailable()));
		return new PooltuneEndpoint(pools, sections, runtimeTuning.getIfAvailable());
	}

}
