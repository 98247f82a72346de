package io.github.pooltune.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.github.pooltune.autoconfigure.credentials.CredentialsProviderBeanPostProcessor;
import io.github.pooltune.autoconfigure.failover.ReadOnlyEvictionBeanPostProcessor;
import io.github.pooltune.autoconfigure.hikari.PoolSectionCheck;
import io.github.pooltune.autoconfigure.hikari.PoolTuningBeanPostProcessor;
import io.github.pooltune.autoconfigure.hikari.PoolTunings;
import io.github.pooltune.autoconfigure.settings.ConditionalOnPooltuneEnabled;
import io.github.pooltune.autoconfigure.settings.PoolSections;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.PooltuneProperties;
import io.github.pooltune.autoconfigure.settings.SettingOrigins;
import io.github.pooltune.pool.PoolRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.SimpleAutowireCandidateResolver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * that tunes Spring Boot's HikariCP pool with the {@code DB_POOL_*} settings, and any
 * other {@code HikariDataSource} bean with its own {@code db.pools.<bean-name>.*}
 * section, before each starts. Whatever else pooltune sets on a pool before it starts is
 * here too, one static post-processor each: the application's credentials provider and
 * the eviction of connections to a server that turned read-only. (They were
 * auto-configurations of their own; one fewer class to read and condition to evaluate at
 * every start-up. Every HikariCP that Spring Boot 4 supports has the types they use.)
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
	PoolSections pooltunePoolSections(PooltuneProperties properties, Environment environment) {
		return PoolSections.resolve(properties, new SettingOrigins(environment));
	}

	@Bean
	@ConditionalOnMissingBean
	PoolSettings pooltunePoolSettings(PoolSections sections) {
		return sections.defaults();
	}

	@Bean
	@ConditionalOnMissingBean
	PoolTunings pooltunePoolTunings() {
		return new PoolTunings();
	}

	@Bean
	PoolSectionCheck pooltunePoolSectionCheck(ObjectProvider<PoolSections> sections, PoolTunings tunings,
			ListableBeanFactory beanFactory) {
		return new PoolSectionCheck(sections, tunings, beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	PoolRegistry pooltunePoolRegistry(ConfigurableListableBeanFactory beanFactory) {
		// As Spring Boot's health contributor finds them: @Bean(defaultCandidate = false) pools too.
		return PoolRegistry.of(
				SimpleAutowireCandidateResolver.resolveAutowireCandidates(beanFactory, DataSource.class, false, true));
	}

	@Bean
	@ConditionalOnMissingBean
	PooltuneScheduler pooltuneScheduler(ObjectProvider<BackgroundCheck> checks) {
		return new PooltuneScheduler(checks);
	}

	@Bean
	static PoolTuningBeanPostProcessor pooltunePoolTuningBeanPostProcessor(ObjectProvider<PoolSections> sections,
			ObjectProvider<PoolTunings> tunings, Environment environment) {
		return new PoolTuningBeanPostProcessor(sections, tunings, environment);
	}

	@Bean
	static CredentialsProviderBeanPostProcessor pooltuneCredentialsProviderBeanPostProcessor() {
		return new CredentialsProviderBeanPostProcessor();
	}

	@Bean
	static ReadOnlyEvictionBeanPostProcessor pooltuneReadOnlyEvictionBeanPostProcessor() {
		return new ReadOnlyEvictionBeanPostProcessor();
	}

}
