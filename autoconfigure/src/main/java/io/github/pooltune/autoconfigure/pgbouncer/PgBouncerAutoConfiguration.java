package io.github.pooltune.autoconfigure.pgbouncer;


import org.postgresql.PGConnection;

import io.github.pooltune.autoconfigure.ConditionalOnPools;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.hikari.PoolTunings;
import io.github.pooltune.autoconfigure.hikari.TunedPools;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.pool.PoolRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the check that each pool's driver is safe behind a transaction pooler such as
 * PgBouncer. What pooltune sets on the driver before the pool starts is part of the pool
 * tuning itself ({@link io.github.pooltune.autoconfigure.hikari.TransactionPooling}).
 *
 * @author pooltune
 */
@AutoConfiguration(after = { PooltuneAutoConfiguration.class, DataSourceAutoConfiguration.class })
@ConditionalOnClass(PGConnection.class)
@ConditionalOnPools
public final class PgBouncerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TransactionPoolingCheck pooltuneTransactionPoolingCheck(PoolSettings settings, PoolRegistry pools,
			PoolTunings tunings) {
		return new TransactionPoolingCheck(new TunedPools(settings, pools.pools(), tunings));
	}

}
