package io.github.pooltune.autoconfigure.settings;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The settings as users write them: {@code DB_POOL_SIZE} in the environment or
 * {@code db.pool-size} in {@code application.yml} are two spellings of one setting. The
 * pool's settings, inherited from {@link PoolProperties}, are Spring Boot's pool's; the
 * ones here are the whole service's. Each value is {@code null} when not set; its
 * {@link Setting} says its default and checks it, never this class.
 *
 * @author pooltune
 */
@ConfigurationProperties("db")
public class PooltuneProperties extends PoolProperties {

	/**
	 * Whether pooltune tunes the HikariCP pool (DB_ENABLED). When false, Spring Boot's
	 * pool runs as spring.datasource.hikari.* configures it.
	 */
	private @Nullable Boolean enabled;

	/**
	 * How many instances of this service share the database: replicas, tasks, pods
	 * (DB_INSTANCES): 1–1000. The capacity check multiplies each instance's pool-size +
	 * max-overflow by it.
	 */
	private @Nullable Integer instances;

	/**
	 * What to do at start-up when the fleet could open more connections than the server,
	 * the role or the database allows (DB_CAPACITY_CHECK): warn (log it), fail (stop the
	 * start-up) or off.
	 */
	private @Nullable CapacityCheckMode capacityCheck;

	/**
	 * How often the capacity check runs again while the service runs
	 * (DB_CAPACITY_CHECK_INTERVAL): 0 (off), or ≥ 1s. A bare number is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration capacityCheckInterval;

	/**
	 * How often the autopilot decides on each pool with pool-autosize advise or on
	 * (DB_POOL_AUTOSIZE_INTERVAL): ≥ 2s; at most one change per interval. A bare number
	 * is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration poolAutosizeInterval;

	/**
	 * Connection slots kept free for admin sessions, migrations and monitoring
	 * (DB_RESERVED_CONNECTIONS): 0–10000, on top of the server's own superuser reserve.
	 */
	private @Nullable Integer reservedConnections;

	/**
	 * How often this service's sessions are looked up in pg_stat_activity for sessions
	 * idle in a transaction and slow statements (DB_DIAGNOSTICS_INTERVAL): 0 (off), or
	 * ≥ 1s. A bare number is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration diagnosticsInterval;

	/**
	 * A session idle inside a transaction for longer than this is reported
	 * (DB_IDLE_IN_TRANSACTION_WARN): ≥ 1s. A bare number is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration idleInTransactionWarn;

	/**
	 * A statement running for longer than this is reported (DB_SLOW_QUERY_WARN): ≥ 1s. A
	 * bare number is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration slowQueryWarn;

	/**
	 * Settings of one HikariDataSource bean each, by bean name, matched ignoring case
	 * (db.pools.<bean-name>.pool-size, DB_POOLS_<BEANNAME>_POOL_SIZE): any pool-level
	 * setting of db.*, which tunes Spring Boot's pool only. What a section does not set
	 * comes from its preset, else from db.*. The application's own pool with no section
	 * keeps the application's settings.
	 */
	private final Map<String, PoolProperties> pools = new LinkedHashMap<>();

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Integer getInstances() {
		return this.instances;
	}

	public void setInstances(@Nullable Integer instances) {
		this.instances = instances;
	}

	public @Nullable CapacityCheckMode getCapacityCheck() {
		return this.capacityCheck;
	}

	public void setCapacityCheck(@Nullable CapacityCheckMode capacityCheck) {
		this.capacityCheck = capacityCheck;
	}

	public @Nullable Duration getCapacityCheckInterval() {
		return this.capacityCheckInterval;
	}

	public void setCapacityCheckInterval(@Nullable Duration capacityCheckInterval) {
		this.capacityCheckInterval = capacityCheckInterval;
	}

	public @Nullable Duration getPoolAutosizeInterval() {
		return this.poolAutosizeInterval;
	}

	public void setPoolAutosizeInterval(@Nullable Duration poolAutosizeInterval) {
		this.poolAutosizeInterval = poolAutosizeInterval;
	}

	public @Nullable Integer getReservedConnections() {
		return this.reservedConnections;
	}

	public void setReservedConnections(@Nullable Integer reservedConnections) {
		this.reservedConnections = reservedConnections;
	}

	public @Nullable Duration getDiagnosticsInterval() {
		return this.diagnosticsInterval;
	}

	public void setDiagnosticsInterval(@Nullable Duration diagnosticsInterval) {
		this.diagnosticsInterval = diagnosticsInterval;
	}

	public @Nullable Duration getIdleInTransactionWarn() {
		return this.idleInTransactionWarn;
	}

	public void setIdleInTransactionWarn(@Nullable Duration idleInTransactionWarn) {
		this.idleInTransactionWarn = idleInTransactionWarn;
	}

	public @Nullable Duration getSlowQueryWarn() {
		return this.slowQueryWarn;
	}

	public void setSlowQueryWarn(@Nullable Duration slowQueryWarn) {
		this.slowQueryWarn = slowQueryWarn;
	}

	public Map<String, PoolProperties> getPools() {
		return this.pools;
	}

}
