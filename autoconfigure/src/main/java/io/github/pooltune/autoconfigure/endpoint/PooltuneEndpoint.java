package io.github.pooltune.autoconfigure.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.endpoint.CapacitySection.CapacityDescriptor;
import io.github.pooltune.pool.PoolSnapshot;
import io.github.pooltune.autoconfigure.settings.ResolvedSetting;
import io.github.pooltune.autoconfigure.settings.Setting;
import io.github.pooltune.autoconfigure.tuning.LiveSettings;
import io.github.pooltune.autoconfigure.tuning.Refusal;
import io.github.pooltune.autoconfigure.tuning.RuntimeTuning;
import io.github.pooltune.autoconfigure.tuning.TuningRefusedException;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

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
 * <p>
 * {@code POST /actuator/pooltune/{pool}} with a JSON body of camelCase settings
 * ({@code {"maxOverflow": 4, "poolTimeout": "5s"}}) changes a running pool through
 * {@link RuntimeTuning}: 200 with what changed, 400 naming each refused value and its
 * limit, 404 for an unknown pool. Its access is read-only unless
 * {@code management.endpoint.pooltune.access=unrestricted}: exposing the endpoint to
 * read it does not let anyone resize a pool.
 *
 * @author pooltune
 */
@Endpoint(id = "pooltune", defaultAccess = Access.READ_ONLY)
public class PooltuneEndpoint {

	static final String CAPACITY = "capacity";

	static final String DIAGNOSTICS = "diagnostics";

	static final String AUTOSIZE = "autosize";

	private final Map<String, HikariDataSource> pools;

	private final Sections sections;

	private final @Nullable RuntimeTuning runtimeTuning;

	public PooltuneEndpoint(Map<String, HikariDataSource> pools, Sections sections,
			@Nullable RuntimeTuning runtimeTuning) {
		this.pools = pools;
		this.sections = sections;
		this.runtimeTuning = runtimeTuning;
	}

	@ReadOperation
	public PooltuneDescriptor pooltune() {
		Map<String, HikariDescriptor> hikari = new LinkedHashMap<>();
		Map<String, Map<String, Object>> pool = new LinkedHashMap<>();
		this.pools.forEach((name, dataSource) -> {
			hikari.put(name, HikariDescriptor.of(dataSource));
			pool.put(name, PoolSnapshot.of(dataSource).details());
		});
		return new PooltuneDescriptor(this.sections.tuning().settings(), this.sections.tuning().describe(), hikari,
				pool, this.sections.capacity().lastChecks(), this.sections.diagnostics().describe(),
				this.sections.autosize().describe());
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
			return this.sections.capacity().plan(instances, instanceClass);
		}
		if (AUTOSIZE.equals(section)) {
			return this.sections.autosize().describe();
		}
		return DIAGNOSTICS.equals(section) ? this.sections.diagnostics().describe() : null;
	}

	/**
	 * {@code POST /actuator/pooltune/{pool}}: changes the running pool. Each parameter is
	 * one pool setting by its camelCase name, a top-level key of the JSON body; those
	 * that need a restart are there to be refused by name rather than ignored.
	 */
	@WriteOperation
	public WebEndpointResponse<?> tune(@Selector String pool, @Nullable String poolSize,
			@Nullable String maxOverflow, @Nullable String poolTimeout, @Nullable String poolRecycle,
			@Nullable String poolLeakThreshold, @Nullable String poolPrePing, @Nullable String poolKeepalive,
			@Nullable String connectTimeout, @Nullable String socketTimeout, @Nullable String statementTimeout,
			@Nullable String idleInTransactionTimeout, @Nullable String preset, @Nullable String pgbouncer,
			@Nullable String credentialsLifetime, @Nullable String poolAutosize) {
		RuntimeTuning runtimeTuning = this.runtimeTuning;
		if (runtimeTuning == null || !runtimeTuning.knows(pool)) {
			return new WebEndpointResponse<>(new RefusedDescriptor(pool, "No pool named '" + pool + "'; pools: "
					+ String.join(", ", this.pools.keySet()), List.of()), WebEndpointResponse.STATUS_NOT_FOUND);
		}
		Map<String, @Nullable String> given = new LinkedHashMap<>();
		given.put(name(Setting.POOL_SIZE), poolSize);
		given.put(name(Setting.MAX_OVERFLOW), maxOverflow);
		given.put(name(Setting.POOL_TIMEOUT), poolTimeout);
		given.put(name(Setting.POOL_RECYCLE), poolRecycle);
		given.put(name(Setting.POOL_LEAK_THRESHOLD), poolLeakThreshold);
		given.put(name(Setting.POOL_PRE_PING), poolPrePing);
		given.put(name(Setting.POOL_KEEPALIVE), poolKeepalive);
		given.put(name(Setting.CONNECT_TIMEOUT), connectTimeout);
		given.put(name(Setting.SOCKET_TIMEOUT), socketTimeout);
		given.put(name(Setting.STATEMENT_TIMEOUT), statementTimeout);
		given.put(name(Setting.IDLE_IN_TRANSACTION_TIMEOUT), idleInTransactionTimeout);
		given.put(name(Setting.PRESET), preset);
		given.put(name(Setting.PGBOUNCER), pgbouncer);
		given.put(name(Setting.CREDENTIALS_LIFETIME), credentialsLifetime);
		given.put(name(Setting.POOL_AUTOSIZE), poolAutosize);
		try {
			return new WebEndpointResponse<>(runtimeTuning.apply(pool, given));
		}
		catch (TuningRefusedException ex) {
			return new WebEndpointResponse<>(new RefusedDescriptor(pool, ex.getMessage(), ex.getRefusals()),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	private static String name(Setting<?> setting) {
		return LiveSettings.nameOf(setting);
	}

	/**
	 * The sections of the answer, each read from what pooltune already holds.
	 *
	 * @param tuning the {@code db.*} settings and how each pool is tuned
	 * @param capacity the last capacity checks and the what-if plan
	 * @param diagnostics what the diagnostics found, per pool
	 * @param autosize the autopilot's pools and decisions
	 */
	public record Sections(TuningSection tuning, CapacitySection capacity, DiagnosticsSection diagnostics,
			AutosizeSection autosize) {
	}

	/**
	 * A change refused as a whole, or a pool not found.
	 *
	 * @param pool the pool named in the path
	 * @param message what happened, in one line
	 * @param refused each refused value: the setting, the value and its limit
	 */
	public record RefusedDescriptor(String pool, String message, List<Refusal> refused) {
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
