package io.github.pooltune.autoconfigure.failover;



import io.github.pooltune.autoconfigure.ConditionalOnPools;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.capacity.CapacityAutoConfiguration;
import io.github.pooltune.autoconfigure.capacity.CapacityCheck;
import io.github.pooltune.pool.PoolRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the check that finds a failover: which server each pool's connections reach, and
 * the capacity checked again when that changes. Apart from the read-only eviction, which
 * {@link PooltuneAutoConfiguration} sets before the pools are created; this one needs
 * them.
 *
 * @author pooltune
 */
@AutoConfiguration(
		after = { PooltuneAutoConfiguration.class, DataSourceAutoConfiguration.class, CapacityAutoConfiguration.class })
@ConditionalOnPools
public final class ServerSwitchAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServerSwitchCheck pooltuneServerSwitchCheck(PoolRegistry pools, ObjectProvider<CapacityCheck> capacity) {
		return new ServerSwitchCheck(pools.pools(), capacity.getIfAvailable());
	}

}
