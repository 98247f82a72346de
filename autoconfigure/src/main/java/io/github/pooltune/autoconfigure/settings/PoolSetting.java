package io.github.pooltune.autoconfigure.settings;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Every {@code db.*} setting with the names users know it by, where its value is bound
 * (in {@code db.*} and, for a pool-level setting, in a pool's {@code db.pools.<name>.*}
 * section), what a preset gives it and the values it accepts, so that validation,
 * messages, the start-up line and the endpoint all speak the same words.
 *
 * @author pooltune
 */
public enum PoolSetting {

	ENABLED("enabled", "true or false", PooltuneProperties::isEnabled, null, null, (value) -> true),

	POOL_SIZE("pool-size", "a whole number from 1 to 100", PooltuneProperties::getPoolSize, Preset::poolSize,
			PoolProperties::getPoolSize, (value) -> between((Integer) value, 1, 100)),

	MAX_OVERFLOW("max-overflow", "a whole number from 0 to 100", PooltuneProperties::getMaxOverflow,
			Preset::maxOverflow, PoolProperties::getMaxOverflow, (value) -> between((Integer) value, 0, 100)),

	POOL_TIMEOUT("pool-timeout", "a duration of at least 1s; a bare number is seconds (30, 500ms, 2m)",
			PooltuneProperties::getPoolTimeout, Preset::poolTimeout, PoolProperties::getPoolTimeout,
			(value) -> atLeast(value, Duration.ofSeconds(1))),

	POOL_RECYCLE("pool-recycle",
			"-1 (never), or a duration of at least 30s, HikariCP's floor; a bare number is seconds (1800, 30m)",
			PooltuneProperties::getPoolRecycle, Preset::poolRecycle, PoolProperties::getPoolRecycle,
			(value) -> PoolSettings.NEVER.equals(value) || atLeast(value, Duration.ofSeconds(30))),

	POOL_PRE_PING("pool-pre-ping", "true or false", PooltuneProperties::isPoolPrePing, Preset::poolPrePing,
			PoolProperties::getPoolPrePing, (value) -> true),

	POOL_KEEPALIVE("pool-keepalive",
			"0 (off), or a duration of at least 30s, HikariCP's floor, and below pool-recycle; a bare number is "
					+ "seconds (240, 4m)",
			PooltuneProperties::getPoolKeepalive, null, PoolProperties::getPoolKeepalive,
			(value) -> Duration.ZERO.equals(value) || atLeast(value, Duration.ofSeconds(30))),

	POOL_LEAK_THRESHOLD("pool-leak-threshold",
			"0 (off), or a duration of at least 2s, HikariCP's floor, and below pool-recycle; a bare number is "
					+ "seconds (60, 2m)",
			PooltuneProperties::getPoolLeakThreshold, null, PoolProperties::getPoolLeakThreshold,
			(value) -> Duration.ZERO.equals(value) || atLeast(value, Duration.ofSeconds(2))),

	CONNECT_TIMEOUT("connect-timeout",
			"a duration of at least 1s and at most pool-timeout; a bare number is seconds (10, 5s)",
			PooltuneProperties::getConnectTimeout, null, PoolProperties::getConnectTimeout,
			(value) -> atLeast(value, Duration.ofSeconds(1))),

	SOCKET_TIMEOUT("socket-timeout",
			"0 (off), or a duration of at least 1s and above statement-timeout; a bare number is seconds (300, 5m)",
			PooltuneProperties::getSocketTimeout, null, PoolProperties::getSocketTimeout,
			(value) -> Duration.ZERO.equals(value) || atLeast(value, Duration.ofSeconds(1))),

	STATEMENT_TIMEOUT("statement-timeout", "0 (off), or a duration; a bare number is seconds (30, 500ms)",
			PooltuneProperties::getStatementTimeout, null, PoolProperties::getStatementTimeout,
			(value) -> atLeast(value, Duration.ZERO)),

	IDLE_IN_TRANSACTION_TIMEOUT("idle-in-transaction-timeout",
			"0 (off), or a duration; a bare number is seconds (300, 5m)",
			PooltuneProperties::getIdleInTransactionTimeout, null, PoolProperties::getIdleInTransactionTimeout,
			(value) -> atLeast(value, Duration.ZERO)),

	PRESET("preset", "local, staging or production", PooltuneProperties::getPreset, null, PoolProperties::getPreset,
			(value) -> true),

	INSTANCES("instances", "a whole number from 1 to 1000", PooltuneProperties::getInstances, null, null,
			(value) -> between((Integer) value, 1, 1000)),

	RESERVED_CONNECTIONS("reserved-connections", "a whole number from 0 to 10000",
			PooltuneProperties::getReservedConnections, null, null, (value) -> between((Integer) value, 0, 10000)),

	CAPACITY_CHECK("capacity-check", "warn, fail or off", PooltuneProperties::getCapacityCheck, null, null,
			(value) -> true),

	CAPACITY_CHECK_INTERVAL("capacity-check-interval",
			"0 (off), or a duration of at least 1s; a bare number is seconds (60, 30s)",
			PooltuneProperties::getCapacityCheckInterval, null, null,
			(value) -> Duration.ZERO.equals(value) || atLeast(value, Duration.ofSeconds(1))),

	PGBOUNCER("pgbouncer", "auto, transaction, fail or off", PooltuneProperties::getPgbouncer, null,
			PoolProperties::getPgbouncer, (value) -> true),

	DIAGNOSTICS_INTERVAL("diagnostics-interval",
			"0 (off), or a duration of at least 1s; a bare number is seconds (60, 30s)",
			PooltuneProperties::getDiagnosticsInterval, null, null,
			(value) -> Duration.ZERO.equals(value) || atLeast(value, Duration.ofSeconds(1))),

	IDLE_IN_TRANSACTION_WARN("idle-in-transaction-warn",
			"a duration of at least 1s; a bare number is seconds (300, 5m)",
			PooltuneProperties::getIdleInTransactionWarn, null, null, (value) -> atLeast(value, Duration.ofSeconds(1))),

	SLOW_QUERY_WARN("slow-query-warn", "a duration of at least 1s; a bare number is seconds (60, 1m)",
			PooltuneProperties::getSlowQueryWarn, null, null, (value) -> atLeast(value, Duration.ofSeconds(1)));

	/** Where the pools' sections are: {@code db.pools.<bean-name>.*}. */
	public static final String SECTIONS = "db.pools";

	private final String key;

	private final String allowedValues;

	private final Function<PooltuneProperties, Object> bound;

	private final Function<Preset, Object> fromPreset;

	private final Function<PoolProperties, Object> inSection;

	private final Predicate<Object> allowed;

	@SuppressWarnings("unchecked")
	<T> PoolSetting(String key, String allowedValues, Function<PooltuneProperties, T> bound,
			Function<Preset, T> fromPreset, Function<PoolProperties, T> inSection, Predicate<Object> allowed) {
		this.key = key;
		this.allowedValues = allowedValues;
		this.bound = (Function<PooltuneProperties, Object>) bound;
		this.fromPreset = (Function<Preset, Object>) fromPreset;
		this.inSection = (Function<PoolProperties, Object>) inSection;
		this.allowed = allowed;
	}

	/** The property as written in {@code application.yml}: {@code db.pool-size}. */
	public String property() {
		return "db." + this.key;
	}

	/** The property without its {@code db.} prefix: {@code pool-size}. */
	public String key() {
		return this.key;
	}

	/**
	 * The property in a pool's section, {@code db.pools.audit.pool-size}, or
	 * {@link #property()} for a {@code null} section.
	 */
	public String property(String section) {
		return (section != null) ? SECTIONS + "." + section + "." + this.key : property();
	}

	/** The environment variable: {@code DB_POOL_SIZE}. */
	public String environmentVariable() {
		return environmentVariableOf(property());
	}

	/** The environment variable in a pool's section: {@code DB_POOLS_AUDIT_POOL_SIZE}. */
	public String environmentVariable(String section) {
		return environmentVariableOf(property(section));
	}

	/** What the setting accepts, in words. */
	public String allowedValues() {
		return this.allowedValues;
	}

	/** Both spellings, as messages name a setting: {@code DB_POOL_SIZE (db.pool-size)}. */
	public String displayName() {
		return displayNameOf(property());
	}

	/** Both spellings in a pool's section: {@code DB_POOLS_AUDIT_POOL_SIZE (db.pools.audit.pool-size)}. */
	public String displayName(String section) {
		return displayNameOf(property(section));
	}

	/**
	 * Whether a pool's section may set it: a value of one pool, not of the whole service
	 * (instances, reserved connections, the checks and their thresholds, the switch).
	 */
	public boolean isPoolLevel() {
		return this.inSection != null;
	}

	/** Whether this setting is one of the values a pool runs with (not a switch or a preset). */
	boolean isValue() {
		return this != ENABLED && this != PRESET;
	}

	Object boundValue(PooltuneProperties properties) {
		return this.bound.apply(properties);
	}

	/** The value bound in a pool's section, or {@code null} when the section does not set it. */
	Object sectionValue(PoolProperties section) {
		return this.inSection.apply(section);
	}

	/** The preset's value, or {@code null} when presets do not set this one. */
	Object presetValue(Preset preset) {
		return (this.fromPreset != null) ? this.fromPreset.apply(preset) : null;
	}

	boolean accepts(Object value) {
		return value != null && this.allowed.test(value);
	}

	/** The setting bound to the given property name, or {@code null}. */
	public static @Nullable PoolSetting forProperty(String property) {
		for (PoolSetting setting : values()) {
			if (setting.property().equals(property)) {
				return setting;
			}
		}
		return null;
	}

	/** The setting named by a key in either spelling ({@code pool-size}, {@code poolsize}), or {@code null}. */
	static PoolSetting forKey(String key) {
		String uniform = key.replace("-", "").replace("_", "").replace(".", "").toLowerCase(Locale.ROOT);
		for (PoolSetting setting : values()) {
			if (setting.key.replace("-", "").equals(uniform)) {
				return setting;
			}
		}
		return null;
	}

	/** The environment spelling of a property: dots and dashes become underscores, all upper case. */
	static String environmentVariableOf(String property) {
		return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
	}

	/** Both spellings of a property: {@code DB_POOLS_AUDIT_POOL_SIZE (db.pools.audit.pool-size)}. */
	static String displayNameOf(String property) {
		return environmentVariableOf(property) + " (" + property + ")";
	}

	private static boolean between(Integer value, int min, int max) {
		return value >= min && value <= max;
	}

	private static boolean atLeast(Object value, Duration min) {
		return ((Duration) value).compareTo(min) >= 0;
	}

}
