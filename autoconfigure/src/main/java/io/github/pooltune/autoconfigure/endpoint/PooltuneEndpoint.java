package io.github.pooltune.autoconfigure.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;

import io.github.pooltune.autoconfigure.hikari.PoolSnapshot;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.ResolvedSetting;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * {@code GET /actuator/pooltune}: the settings and where each came from, what HikariCP
 * runs with, and the live state of each pool in the seeds' words. Reads the pools' MXBeans; never borrows a
 * connection, and never shows a URL, user or password.
 *
 * @author pooltune
 */
@Endpoint(id = "pooltune")
public class PooltuneEndpoint {

	private final PoolSettings settings;

	private final Map<String, DataSource> dataSources;

	public PooltuneEndpoint(PoolSettings settings, Map<String, DataSource> dataSources) {
		this.settings = settings;
		this.dataSources = dataSources;
	}

	@ReadOperation
	public PooltuneDescriptor pooltune() {
		Map<String, HikariDescriptor> hikari = new LinkedHashMap<>();
		Map<String, Map<String, Object>> pool = new LinkedHashMap<>();
		this.dataSources.forEach((name, dataSource) -> {
			HikariDataSource hikariDataSource = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class,
					HikariDataSource.class);
			if (hikariDataSource != null) {
				hikari.put(name, HikariDescriptor.of(hikariDataSource));
				pool.put(name, PoolSnapshot.of(hikariDataSource).details());
			}
		});
		return new PooltuneDescriptor(settings(), hikari, pool);
	}

	private SettingsDescriptor settings() {
		Map<String, SettingDescriptor> values = new LinkedHashMap<>();
		for (ResolvedSetting<?> setting : this.settings.all()) {
			values.put(setting.setting().property().substring("db.".length()), new SettingDescriptor(
					setting.formattedValue(), setting.source(), setting.setting().environmentVariable()));
		}
		String preset = (this.settings.preset() != null) ? this.settings.preset().value() : null;
		return new SettingsDescriptor(values, preset, this.settings.maxConnections());
	}

	/** The whole answer. */
	public record PooltuneDescriptor(SettingsDescriptor settings, Map<String, HikariDescriptor> hikari,
			Map<String, Map<String, Object>> pool) {
	}

	/** The effective settings, the preset in force and the connection ceiling per instance. */
	public record SettingsDescriptor(Map<String, SettingDescriptor> values, String preset, int maxConnections) {
	}

	/** One setting: its value as users write it, its source, its environment variable. */
	public record SettingDescriptor(String value, String source, String environmentVariable) {
	}

	/** What a pool's HikariCP configuration holds, times in milliseconds. */
	public record HikariDescriptor(String poolName, int maximumPoolSize, int minimumIdle, long connectionTimeout,
			long validationTimeout, long maxLifetime, long idleTimeout, long keepaliveTime) {

		static HikariDescriptor of(HikariDataSource dataSource) {
			return new HikariDescriptor(dataSource.getPoolName(), dataSource.getMaximumPoolSize(),
					dataSource.getMinimumIdle(), dataSource.getConnectionTimeout(), dataSource.getValidationTimeout(),
					dataSource.getMaxLifetime(), dataSource.getIdleTimeout(), dataSource.getKeepaliveTime());
		}

	}

}
