package io.github.pooltune.autoconfigure.health;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.settings.ConditionalOnPooltuneEnabled;
import io.github.pooltune.health.ConnectionRefusals;
import io.github.pooltune.health.PoolHealthIndicator;
import io.github.pooltune.pool.PoolRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the {@code pool} health contributor: one indicator for a single pool, one per
 * DataSource bean name when there are several.
 *
 * @author pooltune
 */
@AutoConfiguration(after = { PooltuneAutoConfiguration.class, DataSourceAutoConfiguration.class })
@ConditionalOnClass({ HikariDataSource.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnPooltuneEnabled
@ConditionalOnBean(HikariDataSource.class)
@ConditionalOnEnabledHealthIndicator("pool")
public final class PoolHealthContributorAutoConfiguration
		extends CompositeHealthContributorConfiguration<PoolHealthIndicator, HikariDataSource> {

	PoolHealthContributorAutoConfiguration(ObjectProvider<ConnectionRefusals> refusals) {
		// The diagnostics know when the server refuses a pool's new connections.
		super((dataSource) -> new PoolHealthIndicator(dataSource,
				refusals.getIfAvailable(() -> ConnectionRefusals.NONE)));
	}

	@Bean
	@ConditionalOnMissingBean(name = { "poolHealthIndicator", "poolHealthContributor" })
	HealthContributor poolHealthContributor(PoolRegistry pools) {
		return createContributor(pools.pools());
	}

}
