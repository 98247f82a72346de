package io.github.pooltune.autoconfigure.hikari;

import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;

import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.Setting;

/**
 * The HikariCP values that give SQLAlchemy's pool semantics: {@code pool-size}
 * connections kept, up to {@code max-overflow} more under load, retired again once
 * idle. Pure arithmetic on {@link PoolSettings}; {@link #applyTo} sets them on a pool
 * that has not started yet.
 *
 * @param maximumPoolSize pool-size + max-overflow
 * @param minimumIdle pool-size
 * @param connectionTimeout pool-timeout, in milliseconds
 * @param validationTimeoutCap the longest borrow-time liveness check, in milliseconds,
 * so that a check on a stalled connection cannot outlast the pool timeout
 * @param maxLifetime pool-recycle in milliseconds, 0 (HikariCP's "never") for -1
 * @param idleTimeout how long an idle overflow connection is kept, in milliseconds
 * @param keepaliveTime how often idle connections are pinged, in milliseconds, 0 for
 * never: pool-keepalive when set, else from pool-pre-ping
 * @param leakDetectionThreshold pool-leak-threshold in milliseconds, 0 for off, or
 * {@code null} to leave HikariCP's own setting (pool-leak-threshold neither set nor on)
 * @author pooltune
 */
public record HikariTuning(int maximumPoolSize, int minimumIdle, long connectionTimeout, long validationTimeoutCap,
		long maxLifetime, long idleTimeout, long keepaliveTime, Long leakDetectionThreshold) {

	/** HikariCP's floor for idleTimeout: the soonest it retires an idle connection. */
	static final long OVERFLOW_IDLE_TIMEOUT = Duration.ofSeconds(10).toMillis();

	/** HikariCP's own idleTimeout default; it warns about any other value on a fixed pool. */
	static final long HIKARI_IDLE_TIMEOUT = Duration.ofMinutes(10).toMillis();

	/** HikariCP's keepaliveTime default since 6.2.1. */
	static final long KEEPALIVE_TIME = Duration.ofMinutes(2).toMillis();

	/** HikariCP disables a keepaliveTime below this. */
	static final long MIN_KEEPALIVE_TIME = Duration.ofSeconds(30).toMillis();

	/** HikariCP's validationTimeout default and its floor. */
	static final long VALIDATION_TIMEOUT = Duration.ofSeconds(5).toMillis();

	static final long MIN_VALIDATION_TIMEOUT = 250;

	/** Computes the HikariCP values for the given settings. */
	public static HikariTuning of(PoolSettings settings) {
		int poolSize = settings.value(Setting.POOL_SIZE);
		int maximumPoolSize = settings.maxConnections();
		long connectionTimeout = settings.value(Setting.POOL_TIMEOUT).toMillis();
		long maxLifetime = settings.recycles() ? settings.value(Setting.POOL_RECYCLE).toMillis() : 0;
		long idleTimeout = (maximumPoolSize > poolSize) ? OVERFLOW_IDLE_TIMEOUT : HIKARI_IDLE_TIMEOUT;
		Duration keepalive = settings.value(Setting.POOL_KEEPALIVE);
		long keepaliveTime = (keepalive != null) ? keepalive.toMillis()
				: settings.value(Setting.POOL_PRE_PING) ? keepaliveTimeFor(maxLifetime) : 0;
		long validationTimeoutCap = Math.min(VALIDATION_TIMEOUT, Math.max(MIN_VALIDATION_TIMEOUT, connectionTimeout / 2));
		return new HikariTuning(maximumPoolSize, poolSize, connectionTimeout, validationTimeoutCap, maxLifetime,
				idleTimeout, keepaliveTime, leakDetectionThresholdOf(settings));
	}

	private static Long leakDetectionThresholdOf(PoolSettings settings) {
		long threshold = settings.value(Setting.POOL_LEAK_THRESHOLD).toMillis();
		return (threshold > 0 || settings.get(Setting.POOL_LEAK_THRESHOLD).isExplicit()) ? threshold : null;
	}

	/**
	 * HikariCP's 2 minutes, or half the life of a short-lived connection; HikariCP
	 * disables keepalive at or above maxLifetime, and a 30 s life needs none.
	 */
	private static long keepaliveTimeFor(long maxLifetime) {
		if (maxLifetime == 0 || KEEPALIVE_TIME < maxLifetime) {
			return KEEPALIVE_TIME;
		}
		long half = Math.max(MIN_KEEPALIVE_TIME, maxLifetime / 2);
		return (half < maxLifetime) ? half : 0;
	}

	/** The same tuning with an idle timeout the user chose explicitly. */
	public HikariTuning withIdleTimeout(long idleTimeout) {
		return new HikariTuning(this.maximumPoolSize, this.minimumIdle, this.connectionTimeout,
				this.validationTimeoutCap, this.maxLifetime, idleTimeout, this.keepaliveTime, this.leakDetectionThreshold);
	}

	/** Sets the values on a pool that has not started; HikariCP seals its config at start. */
	public void applyTo(HikariConfig config) {
		config.setMaximumPoolSize(this.maximumPoolSize);
		config.setMinimumIdle(this.minimumIdle);
		config.setConnectionTimeout(this.connectionTimeout);
		config.setValidationTimeout(Math.min(config.getValidationTimeout(), this.validationTimeoutCap));
		config.setMaxLifetime(this.maxLifetime);
		config.setIdleTimeout(this.idleTimeout);
		config.setKeepaliveTime(this.keepaliveTime);
		if (this.leakDetectionThreshold != null) {
			config.setLeakDetectionThreshold(this.leakDetectionThreshold);
		}
	}

}
