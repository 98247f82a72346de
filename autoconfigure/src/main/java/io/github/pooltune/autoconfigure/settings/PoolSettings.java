package io.github.pooltune.autoconfigure.settings;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The validated, effective settings, each with its source. Built once at start-up by
 * {@link PoolSettingsResolver}; never re-read afterwards.
 *
 * @author pooltune
 */
public final class PoolSettings {

	/** {@code pool-recycle} value that means connections are never recycled. */
	public static final Duration NEVER = Duration.ofSeconds(-1);

	private static final List<PoolSetting> POOL = List.of(PoolSetting.POOL_SIZE, PoolSetting.MAX_OVERFLOW,
			PoolSetting.POOL_TIMEOUT, PoolSetting.POOL_RECYCLE, PoolSetting.POOL_PRE_PING);

	private final Map<PoolSetting, ResolvedSetting<?>> settings;

	private final Preset preset;

	PoolSettings(Map<PoolSetting, ResolvedSetting<?>> settings, Preset preset) {
		this.settings = new EnumMap<>(settings);
		this.preset = preset;
	}

	public ResolvedSetting<Integer> poolSize() {
		return get(PoolSetting.POOL_SIZE);
	}

	public ResolvedSetting<Integer> maxOverflow() {
		return get(PoolSetting.MAX_OVERFLOW);
	}

	public ResolvedSetting<Duration> poolTimeout() {
		return get(PoolSetting.POOL_TIMEOUT);
	}

	/** Longest life of a connection, or {@link #NEVER}. */
	public ResolvedSetting<Duration> poolRecycle() {
		return get(PoolSetting.POOL_RECYCLE);
	}

	public ResolvedSetting<Boolean> poolPrePing() {
		return get(PoolSetting.POOL_PRE_PING);
	}

	/** The keepalive interval, {@code null} when pool-pre-ping decides. */
	public ResolvedSetting<Duration> poolKeepalive() {
		return get(PoolSetting.POOL_KEEPALIVE);
	}

	public ResolvedSetting<Duration> poolLeakThreshold() {
		return get(PoolSetting.POOL_LEAK_THRESHOLD);
	}

	public ResolvedSetting<Duration> connectTimeout() {
		return get(PoolSetting.CONNECT_TIMEOUT);
	}

	public ResolvedSetting<Duration> socketTimeout() {
		return get(PoolSetting.SOCKET_TIMEOUT);
	}

	public ResolvedSetting<Duration> statementTimeout() {
		return get(PoolSetting.STATEMENT_TIMEOUT);
	}

	public ResolvedSetting<Duration> idleInTransactionTimeout() {
		return get(PoolSetting.IDLE_IN_TRANSACTION_TIMEOUT);
	}

	public ResolvedSetting<Integer> instances() {
		return get(PoolSetting.INSTANCES);
	}

	public ResolvedSetting<Integer> reservedConnections() {
		return get(PoolSetting.RESERVED_CONNECTIONS);
	}

	public ResolvedSetting<CapacityCheckMode> capacityCheck() {
		return get(PoolSetting.CAPACITY_CHECK);
	}

	public ResolvedSetting<Duration> capacityCheckInterval() {
		return get(PoolSetting.CAPACITY_CHECK_INTERVAL);
	}

	public ResolvedSetting<PgBouncerMode> pgbouncer() {
		return get(PoolSetting.PGBOUNCER);
	}

	public ResolvedSetting<Duration> diagnosticsInterval() {
		return get(PoolSetting.DIAGNOSTICS_INTERVAL);
	}

	public ResolvedSetting<Duration> idleInTransactionWarn() {
		return get(PoolSetting.IDLE_IN_TRANSACTION_WARN);
	}

	public ResolvedSetting<Duration> slowQueryWarn() {
		return get(PoolSetting.SLOW_QUERY_WARN);
	}

	/** The preset in force, or {@code null}. */
	public Preset preset() {
		return this.preset;
	}

	/** The most connections one instance may open: pool-size + max-overflow. */
	public int maxConnections() {
		return poolSize().value() + maxOverflow().value();
	}

	/** Whether connections are recycled at all. */
	public boolean recycles() {
		return !NEVER.equals(poolRecycle().value());
	}

	/** The five pool settings SQLAlchemy-style guides name, in the order users list them. */
	public List<ResolvedSetting<?>> pool() {
		return POOL.stream().<ResolvedSetting<?>>map(this.settings::get).toList();
	}

	/** Every setting, in the order of {@link PoolSetting}. */
	public List<ResolvedSetting<?>> all() {
		return List.copyOf(this.settings.values());
	}

	/** The given setting, resolved. */
	ResolvedSetting<?> setting(PoolSetting setting) {
		return this.settings.get(setting);
	}

	@SuppressWarnings("unchecked")
	private <T> ResolvedSetting<T> get(PoolSetting setting) {
		return (ResolvedSetting<T>) this.settings.get(setting);
	}

}
