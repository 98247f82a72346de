package io.github.pooltune.autoconfigure.health;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.settings.ConditionalOnPooltuneEnabled;
import io.github.pooltune.health.PoolAwareDataSourceHealthIndicator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.SimpleAutowireCandidateResolver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthIndicatorProperties;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.boot.jdbc.metadata.CompositeDataSourcePoolMetadataProvider;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadata;
import org.springframework.boot.jdbc.metadata.DataSourcePoolMetadataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the {@code db} health contributor in place of Spring Boot's, so that
 * {@code /actuator/health} never waits on an exhausted pool: HikariCP pools get a
 * {@link PoolAwareDataSourceHealthIndicator}, any other DataSource Spring Boot's
 * {@link DataSourceHealthIndicator}, laid out as Spring Boot lays them out (one entry per
 * DataSource bean, one per target of a routing DataSource). A {@code dbHealthContributor}
 * or {@code dbHealthIndicator} bean of the application's wins, and
 * {@code management.health.db.enabled=false} switches it off, as with Spring Boot's.
 *
 * @author pooltune
 */
@AutoConfiguration(before = DataSourceHealthContributorAutoConfiguration.class,
		after = { PooltuneAutoConfiguration.class, DataSourceAutoConfiguration.class })
@ConditionalOnClass({ HikariDataSource.class, DataSourceHealthIndicator.class, AbstractRoutingDataSource.class,
		ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnPooltuneEnabled
@ConditionalOnBean(DataSource.class)
@ConditionalOnEnabledHealthIndicator("db")
@EnableConfigurationProperties(DataSourceHealthIndicatorProperties.class)
public final class DbHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "dbHealthIndicator", "dbHealthContributor" })
	HealthContributor dbHealthContributor(ConfigurableListableBeanFactory beanFactory,
			DataSourceHealthIndicatorProperties properties,
			ObjectProvider<DataSourcePoolMetadataProvider> metadataProviders) {
		Map<String, DataSource> dataSources = new LinkedHashMap<>(
				SimpleAutowireCandidateResolver.resolveAutowireCandidates(beanFactory, DataSource.class, false, true));
		if (properties.isIgnoreRoutingDataSources()) {
			dataSources.values().removeIf(DbHealthContributorAutoConfiguration::isRoutingDataSource);
		}
		Contributors contributors = new Contributors(
				new CompositeDataSourcePoolMetadataProvider(metadataProviders.orderedStream().toList()));
		return (dataSources.size() == 1) ? contributors.of(dataSources.values().iterator().next())
				: CompositeHealthContributor.fromMap(dataSources, contributors::of);
	}

	private static boolean isRoutingDataSource(DataSource dataSource) {
		return routingDataSource(dataSource) != null;
	}

	private static @Nullable AbstractRoutingDataSource routingDataSource(DataSource dataSource) {
		if (dataSource instanceof AbstractRoutingDataSource routing) {
			return routing;
		}
		try {
			return dataSource.isWrapperFor(AbstractRoutingDataSource.class)
					? dataSource.unwrap(AbstractRoutingDataSource.class) : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

	/** The contributor for each DataSource. */
	private record Contributors(DataSourcePoolMetadataProvider metadata) {

		HealthContributor of(DataSource dataSource) {
			AbstractRoutingDataSource routing = routingDataSource(dataSource);
			if (routing != null) {
				Map<String, DataSource> targets = new LinkedHashMap<>();
				routing.getResolvedDataSources()
					.forEach((key, target) -> targets.put(Objects.toString(key, "unnamed"), target));
				return CompositeHealthContributor.fromMap(targets, this::of);
			}
			HikariDataSource hikari = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class,
					HikariDataSource.class);
			if (hikari != null) {
				return new PoolAwareDataSourceHealthIndicator(hikari);
			}
			DataSourcePoolMetadata poolMetadata = this.metadata.getDataSourcePoolMetadata(dataSource);
			return new DataSourceHealthIndicator(dataSource,
					(poolMetadata != null) ? poolMetadata.getValidationQuery() : null);
		}

	}

}
