package io.github.pooltune.autoconfigure.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.endpoint.CapacitySection.CapacityDescriptor;
import io.github.pooltune.pool.PoolSnapshot;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.ResolvedSetting;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@code GET /actuator/pooltune}: the settings and where each came from ({@code db.*},
 * Spring Boot's pool's and the whole service's), how each pool is tuned, what HikariCP
 * runs with, the live state of each pool in SQLAlchemy's words, and the last capacity
 * check, the diagnostics and the autopilot's last decisions. Every HikariCP pool is there, tuned or not. Reads the pools' MXBeans and what pooltune's checks last
 * saw; never borrows a connection, and never shows a URL, user or password.
 * <p>
 * {@code GET /actuator/pooltune/capacity?instances=N} plans for N instances on the live
 * server (one connection borrowed to read it); without {@code instances}, for the
 * instances of the service connected now when more are than {@code db.instances} says;
 * {@code &instanceClass=db.t3.medium} plans on an RDS instance class instead, without any
 * connection.
 *
 * @author pooltune
 */
@Endpoint(id = "pooltune")
public class PooltuneEndpoint {

	static final String CAPACITY = "capacity";

	private final PoolSettings settings;

	private final Map<String, HikariDataSource> pools;

	static final String DIAGNOSTICS = "diagnostics";

	private final TuningSection tuning;

	private final CapacitySection capacity;

	static final String AUTOSIZE = "autosize";

	private final DiagnosticsSection diagnostics;

	private final AutosizeSection autosize;

	public PooltuneEndpoint(PoolSettings settings, Map<String, HikariDataSource> pools, TuningSection tuning,
			CapacitySection capacity, DiagnosticsSection diagnostics, AutosizeSection autosize) {
		this.settings = settings;
		this.pools = pools;
		this.tuning = tuning;
		this.capacity = capacity;
		this.diagnostics = diagnostics;
		this.autosize = autosize;
	}

	@ReadOperation
	public PooltuneDescriptor pooltune() {
		Map<String, HikariDescriptor> hikari = new LinkedHashMap<>();
		Map<String, Map<String, Object>> pool = new LinkedHashMap<>();
		this.pools.forEach((name, dataSource) -> {
			hikari.put(name, HikariDescriptor.of(dataSource));
			pool.put(name, PoolSnapshot.of(dataSource).details());
		});
		return new PooltuneDescriptor(settings(), this.tuning.describe(), hikari, pool, this.capacity.lastChecks(),
				this.diagnostics.describe(), this.autosize.describe());
	}

	/**
	 * {@code /actuator/pooltune/capacity}: the what-if plan;
	 * {@code /actuator/pooltune/diagnostics}: the diagnostics section alone;
	 * {@code /actuator/pooltune/autosize}: the autopilot's. Others: 404.
	 */
	@ReadOperation
	public Map<String, ?> section(@Selector String section, @Nullable Integer instances,
			@Nullable String instanceClass) {
		if (CAPACITY.equals(section)) {
			return this.capacity.plan(instances, instanceClass);
		}
		if (AUTOSIZE.equals(section)) {
			return this.autosize.describe();
		}
		return DIAGNOSTICS.equals(section) ? this.diagnostics.describe() : null;
	}

	private SettingsDescriptor settings() {
		Map<String, SettingDescriptor> values = new LinkedHashMap<>();
		for (ResolvedSetting<?> setting : this.settings.all()) {
			values.put(setting.setting().key(), SettingDescriptor.of(setting));
		}
		String preset = (this.settings.preset() != null) ? this.settings.preset().value() : null;
		return new SettingsDescriptor(values, preset, this.settings.maxConnections());
	}

	/** The whole answer. */
	public record PooltuneDescriptor(SettingsDescriptor settings,
			Map<String, TuningSection.TuningDescriptor> tuning, Map<String, HikariDescriptor> hikari,
			Map<String, Map<String, Object>> pool, Map<String, CapacityDescriptor> capacity,
			Map<String, DiagnosticsSection.DiagnosticsDescriptor> diagnostics,
			Map<String, AutosizeSection.AutosizeDescriptor> autosize) {
	}

	/**
	 * The effective {@code db.*} settings (Spring Boot's pool's, and the whole service's),
	 * the preset in force and the connection ceiling of Spring Boot's pool.
	 */
	public record SettingsDescriptor(Map<String, SettingDescriptor> values, String preset, int maxConnections) {
	}

	/** One setting: its value as users write it, its source, its environment variable. */
	public record SettingDescriptor(String value, String source, String environmentVariable) {

		static SettingDescriptor of(ResolvedSetting<?> setting) {
			return new SettingDescriptor(setting.formattedValue(), setting.source(),
					setting.setting().environmentVariable());
		}

	}

	/** What a pool's HikariCP configuration holds, times in milliseconds. */
	public record HikariDescriptor(String poolName, int maximumPoolSize, int minimumIdle, long connectionTimeout,
			long validationTimeout, long maxLifetime, long idleTimeout, long keepaliveTime) {

		static HikariDescriptor of(HikariDataSource dataSource) {
			return new HikariDescriptor(dataSource.getPoolName(), dataSource.getMaximumPoolSize(),
					PoolSnapshot.minimumIdle(dataSource), dataSource.getConnectionTimeout(), dataSource.getValidationTimeout(),
					dataSource.getMaxLifetime(), dataSource.getIdleTimeout(), dataSource.getKeepaliveTime());
		}

	}

}
