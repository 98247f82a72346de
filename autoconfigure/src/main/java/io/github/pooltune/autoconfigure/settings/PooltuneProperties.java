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

}
