package io.github.pooltune.autoconfigure.settings;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The pool settings as users write them: {@code DB_POOL_SIZE} in the environment or
 * {@code db.pool-size} in {@code application.yml} are two spellings of one setting.
 * Values are checked by {@link PoolSettingsResolver}, never here.
 *
 * @author pooltune
 */
@ConfigurationProperties("db")
public class PooltuneProperties {

	/**
	 * Whether pooltune tunes the HikariCP pool (DB_ENABLED). When false, Spring Boot's
	 * pool runs as spring.datasource.hikari.* configures it.
	 */
	private boolean enabled = true;

	/**
	 * Connections kept open, the base pool (DB_POOL_SIZE), from 1 to 100. Maps to
	 * HikariCP's minimumIdle.
	 */
	private int poolSize = 5;

	/**
	 * Extra connections opened under load and closed again once idle (DB_MAX_OVERFLOW),
	 * from 0 to 100. HikariCP's maximumPoolSize is pool-size + max-overflow.
	 */
	private int maxOverflow = 10;

	/**
	 * Longest wait for a free connection before the borrow fails (DB_POOL_TIMEOUT), at
	 * least 1s. A bare number is seconds. Maps to HikariCP's connectionTimeout.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration poolTimeout = Duration.ofSeconds(30);

	/**
	 * Longest life of a connection before it is replaced (DB_POOL_RECYCLE): -1 for never,
	 * or at least 30s (HikariCP's floor). A bare number is seconds. Maps to HikariCP's
	 * maxLifetime.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration poolRecycle = Duration.ofSeconds(3600);

	/**
	 * Whether to make sure a connection is alive before it is handed out
	 * (DB_POOL_PRE_PING). HikariCP checks every connection idle for more than 500 ms on
	 * borrow; true also pings idle connections in the background (HikariCP's
	 * keepaliveTime), false turns that background ping off.
	 */
	private boolean poolPrePing = true;

	/**
	 * Profile that supplies every setting not set explicitly (DB_PRESET): local (2 + 3),
	 * staging (10 + 10) or production (20 + 20, recycle 1800s).
	 */
	private Preset preset;

	/**
	 * How many instances of this service share the database: replicas, tasks, pods
	 * (DB_INSTANCES), from 1 to 1000. The capacity check multiplies each instance's
	 * pool-size + max-overflow by it.
	 */
	private int instances = 1;

	/**
	 * Connection slots kept free for admin sessions, migrations and monitoring
	 * (DB_RESERVED_CONNECTIONS), from 0 to 10000, on top of the server's own superuser
	 * reserve.
	 */
	private int reservedConnections = 10;

	/**
	 * What to do at start-up when the fleet could open more connections than the server,
	 * the role or the database allows (DB_CAPACITY_CHECK): warn (log it), fail (stop the
	 * start-up) or off.
	 */
	private CapacityCheckMode capacityCheck = CapacityCheckMode.WARN;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getPoolSize() {
		return this.poolSize;
	}

	public void setPoolSize(int poolSize) {
		this.poolSize = poolSize;
	}

	public int getMaxOverflow() {
		return this.maxOverflow;
	}

	public void setMaxOverflow(int maxOverflow) {
		this.maxOverflow = maxOverflow;
	}

	public Duration getPoolTimeout() {
		return this.poolTimeout;
	}

	public void setPoolTimeout(Duration poolTimeout) {
		this.poolTimeout = poolTimeout;
	}

	public Duration getPoolRecycle() {
		return this.poolRecycle;
	}

	public void setPoolRecycle(Duration poolRecycle) {
		this.poolRecycle = poolRecycle;
	}

	public boolean isPoolPrePing() {
		return this.poolPrePing;
	}

	public void setPoolPrePing(boolean poolPrePing) {
		this.poolPrePing = poolPrePing;
	}

	public Preset getPreset() {
		return this.preset;
	}

	public void setPreset(Preset preset) {
		this.preset = preset;
	}

	public int getInstances() {
		return this.instances;
	}

	public void setInstances(int instances) {
		this.instances = instances;
	}

	public int getReservedConnections() {
		return this.reservedConnections;
	}

	public void setReservedConnections(int reservedConnections) {
		this.reservedConnections = reservedConnections;
	}

	public CapacityCheckMode getCapacityCheck() {
		return this.capacityCheck;
	}

	public void setCapacityCheck(CapacityCheckMode capacityCheck) {
		this.capacityCheck = capacityCheck;
	}

}
