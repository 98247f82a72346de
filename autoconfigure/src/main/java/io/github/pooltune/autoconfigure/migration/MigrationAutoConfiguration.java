package io.github.pooltune.autoconfigure.migration;

import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.settings.ConditionalOnPooltuneEnabled;
import io.github.pooltune.autoconfigure.settings.PoolSettings;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the check that the pool can serve a Flyway migration. Spring Boot asks its
 * {@link FlywayConfigurationCustomizer}s only when Flyway is on the classpath and
 * enabled. An application's own {@link FlywayMigrationStrategy} may not migrate at all
 * (and then needs one connection), so the check stands back for it.
 *
 * @author pooltune
 */
@AutoConfiguration(after = PooltuneAutoConfiguration.class)
@ConditionalOnClass({ Flyway.class, FlywayConfigurationCustomizer.class, PostgreSQLConfigurationExtension.class })
@ConditionalOnPooltuneEnabled
@ConditionalOnBean(PoolSettings.class)
@ConditionalOnMissingBean(FlywayMigrationStrategy.class)
public final class MigrationAutoConfiguration {

	@Bean
	FlywayPoolCheck pooltuneFlywayPoolCheck(PoolSettings settings, Map<String, DataSource> dataSources) {
		return new FlywayPoolCheck(settings, dataSources);
	}

}
