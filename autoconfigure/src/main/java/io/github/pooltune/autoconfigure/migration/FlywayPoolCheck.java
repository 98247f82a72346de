package io.github.pooltune.autoconfigure.migration;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

import io.github.pooltune.autoconfigure.hikari.DriverProperties;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.ResolvedSetting;
import io.github.pooltune.autoconfigure.settings.Setting;
import io.github.pooltune.pool.PoolRegistry;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.core.Ordered;

/**
 * Refuses to let Flyway migrate through a HikariCP pool that cannot hold two connections.
 * On PostgreSQL, Flyway keeps one connection for its transactional advisory lock and
 * opens a second, on the same thread, to migrate; from a pool of one that borrow waits
 * the whole pool timeout and fails. Checked while Spring Boot builds Flyway, from the
 * data source and lock mode Flyway will use: no connection is opened.
 *
 * @author pooltune
 */
final class FlywayPoolCheck implements FlywayConfigurationCustomizer, Ordered {

	/** Flyway's main connection and its migration connection. */
	static final int CONNECTIONS_NEEDED = 2;

	private final PoolSettings settings;

	private final Map<String, DataSource> dataSources;

	FlywayPoolCheck(PoolSettings settings, Map<String, DataSource> dataSources) {
		this.settings = settings;
		this.dataSources = dataSources;
	}

	@Override
	public void customize(FluentConfiguration configuration) {
		DataSource dataSource = configuration.getDataSource();
		HikariDataSource pool = (dataSource != null)
				? DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class, HikariDataSource.class) : null;
		if (pool == null || pool.getMaximumPoolSize() >= CONNECTIONS_NEEDED || !DriverProperties.isPostgres(pool)) {
			return;
		}
		// Without the transactional lock, Flyway migrates on its main connection.
		PostgreSQLConfigurationExtension postgres = configuration.getPluginRegister()
			.getPlugin(PostgreSQLConfigurationExtension.class);
		if (postgres != null && !postgres.isTransactionalLock()) {
			return;
		}
		throw new PoolTooSmallForFlywayException(new PoolTooSmallForFlywayException.Pool(beanName(pool),
				pool.getMaximumPoolSize(), sizing(), Duration.ofMillis(pool.getConnectionTimeout())));
	}

	/** The pool's bean name, as pooltune names pools; HikariCP names a pool only once it starts. */
	private String beanName(HikariDataSource pool) {
		String beanName = PoolRegistry.of(this.dataSources).beanNameOf(pool);
		return (beanName != null) ? beanName : "Flyway's data source";
	}

	private String sizing() {
		return describe(this.settings.get(Setting.POOL_SIZE)) + " + "
				+ describe(this.settings.get(Setting.MAX_OVERFLOW));
	}

	private static String describe(ResolvedSetting<?> setting) {
		return setting.setting().key() + " " + setting.formattedValue() + " from " + setting.source();
	}

	/** After every other customizer, so that it sees the data source and lock mode Flyway ends up with. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
