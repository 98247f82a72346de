package io.github.pooltune.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.github.pooltune.autoconfigure.hikari.PoolTuningBeanPostProcessor;
import io.github.pooltune.autoconfigure.settings.ConditionalOnPooltuneEnabled;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.PoolSettingsResolver;
import io.github.pooltune.autoconfigure.settings.PooltuneProperties;
import io.github.pooltune.autoconfigure.settings.SettingOrigins;
import io.github.pooltune.pool.PoolRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * that tunes Spring Boot's HikariCP pool with the {@code DB_POOL_*} settings before it
 * starts.
 *
 * @author pooltune
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnPooltuneEnabled
@EnableConfigurationProperties(PooltuneProperties.class)
public final class PooltuneAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PoolSettings pooltunePoolSettings(PooltuneProperties properties, Environment environment) {
		return PoolSettingsResolver.resolve(properties, new SettingOrigins(environment));
	}

	@Bean
	@ConditionalOnMissingBean
	PoolRegistry pooltunePoolRegistry(ListableBeanFactory beanFactory) {
		return PoolRegistry.of(beanFactory.getBeansOfType(DataSource.class));
	}

	@Bean
	@ConditionalOnMissingBean
	PooltuneScheduler pooltuneScheduler() {
		return new PooltuneScheduler();
	}

	@Bean
	static PoolTuningBeanPostProcessor pooltunePoolTuningBeanPostProcessor(ObjectProvider<PoolSettings> settings,
			Environment environment) {
		return new PoolTuningBeanPostProcessor(settings, environment);
	}

}
