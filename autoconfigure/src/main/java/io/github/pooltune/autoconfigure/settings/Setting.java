package io.github.pooltune.autoconfigure.settings;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.settings.DurationRange.Special;

/**
 * One {@code db.*} setting, defined once: its name ({@code db.pool-size}, and so
 * {@code DB_POOL_SIZE}), its type, its default, the values it accepts, its value in each
 * {@link Preset}, and where Spring Boot binds it ({@link PooltuneProperties}; a pool-level
 * setting also in each {@code db.pools.<name>.*} section, {@link PoolProperties}).
 * Validation, the failure analysis, the start-up line, the endpoint, the IDE metadata and
 * the README's settings table all speak from it.
 *
 * @param <T> the type of its value
 * @author pooltune
 */
public final class Setting<T extends @Nullable Object> {

	/** Where the pools' sections are: {@code db.pools.<bean-name>.*}. */
	public static final String SECTIONS = "db.pools";

	public static final Setting<Boolean> ENABLED = service("enabled", true, Range.trueOrFalse(),
			PooltuneProperties::getEnabled);

	// The pool-level settings; presets(…) gives the values of local, staging and production.

	public static final Setting<Integer> POOL_SIZE = pool("pool-size", 5, Range.whole(1, 100),
			PoolProperties::getPoolSize)
		.presets(2, 10, 20);

	public static final Setting<Integer> MAX_OVERFLOW = pool("max-overflow", 10, Range.whole(0, 100),
			PoolProperties::getMaxOverflow)
		.presets(3, 10, 20);

	public static final Setting<Duration> POOL_TIMEOUT = pool("pool-timeout", seconds(30),
			DurationRange.atLeast(seconds(1), "30, 500ms, 2m"), PoolProperties::getPoolTimeout)
		.presets(seconds(30), seconds(30), seconds(30));

	/**
	 * Not set by default: the credentials are not known to expire. Defined before
	 * {@link #POOL_RECYCLE}, which keeps below it when it is set.
	 */
	public static final Setting<@Nullable Duration> CREDENTIALS_LIFETIME = pool("credentials-lifetime", null,
			DurationRange.atLeast(seconds(60), "900, 15m, 1h").or(Special.OFF), PoolProperties::getCredentialsLifetime);

	public static final Setting<Duration> POOL_RECYCLE = pool("pool-recycle", seconds(3600),
			DurationRange.atLeast(seconds(30), "1800, 30m")
				.hikariFloor()
				.or(Special.NEVER)
				.below(CREDENTIALS_LIFETIME,
						", so that no connection outlives its credentials (DB_CREDENTIALS_LIFETIME)"),
			PoolProperties::getPoolRecycle)
		.presets(seconds(3600), seconds(3600), seconds(1800));

	public static final Setting<Boolean> POOL_PRE_PING = pool("pool-pre-ping", true, Range.trueOrFalse(),
			PoolProperties::getPoolPrePing)
		.presets(true, true, true);

	/** Not set by default: then {@link #POOL_PRE_PING} decides. */
	public static final Setting<@Nullable Duration> POOL_KEEPALIVE = pool("pool-keepalive", null,
			DurationRange.atLeast(seconds(30), "240, 4m")
				.hikariFloor()
				.or(Special.OFF)
				.below(POOL_RECYCLE, ", or HikariCP switches it off"),
			PoolProperties::getPoolKeepalive);

	public static final Setting<Duration> POOL_LEAK_THRESHOLD = pool("pool-leak-threshold", Duration.ZERO,
			DurationRange.atLeast(seconds(2), "60, 2m")
				.hikariFloor()
				.or(Special.OFF)
				.below(POOL_RECYCLE, ", or HikariCP switches it off"),
			PoolProperties::getPoolLeakThreshold);

	public static final Setting<Duration> CONNECT_TIMEOUT = pool("connect-timeout", seconds(10),
			DurationRange.atLeast(seconds(1), "10, 5s")
				.atMost(POOL_TIMEOUT, ", or borrows give up while a connection is still being opened"),
			PoolProperties::getConnectTimeout);

	public static final Setting<Duration> STATEMENT_TIMEOUT = pool("statement-timeout", Duration.ZERO,
			DurationRange.atLeast(Duration.ZERO, "30, 500ms").or(Special.OFF), PoolProperties::getStatementTimeout);

	public static final Setting<Duration> SOCKET_TIMEOUT = pool("socket-timeout", seconds(300),
			DurationRange.atLeast(seconds(1), "300, 5m")
				.or(Special.OFF)
				.above(STATEMENT_TIMEOUT, seconds(30),
						", so that the server cancels a slow statement before the driver drops the connection"),
			PoolProperties::getSocketTimeout);

	public static final Setting<Duration> IDLE_IN_TRANSACTION_TIMEOUT = pool("idle-in-transaction-timeout",
			Duration.ZERO, DurationRange.atLeast(Duration.ZERO, "300, 5m").or(Special.OFF),
			PoolProperties::getIdleInTransactionTimeout);

	public static final Setting<@Nullable Preset> PRESET = pool("preset", null, Range.oneOf(Preset.class),
			PoolProperties::getPreset);

	public static final Setting<PgBouncerMode> PGBOUNCER = pool("pgbouncer", PgBouncerMode.AUTO,
			Range.oneOf(PgBouncerMode.class), PoolProperties::getPgbouncer);

	public static final Setting<AutosizeMode> POOL_AUTOSIZE = pool("pool-autosize", AutosizeMode.OFF,
			Range.oneOf(AutosizeMode.class), PoolProperties::getPoolAutosize);

	// The settings of the whole service, in db.* only.

	public static final Setting<Integer> INSTANCES = service("instances", 1, Range.whole(1, 1000),
			PooltuneProperties::getInstances);

	public static final Setting<Integer> RESERVED_CONNECTIONS = service("reserved-connections", 10,
			Range.whole(0, 10000), PooltuneProperties::getReservedConnections);

	public static final Setting<CapacityCheckMode> CAPACITY_CHECK = service("capacity-check",
			CapacityCheckMode.WARN, Range.oneOf(CapacityCheckMode.class), PooltuneProperties::getCapacityCheck);

	public static final Setting<Duration> CAPACITY_CHECK_INTERVAL = service("capacity-check-interval", seconds(60),
			DurationRange.atLeast(seconds(1), "60, 5m").or(Special.OFF), PooltuneProperties::getCapacityCheckInterval);

	/** A decision reads the server again; a few seconds let the last change show first. */
	public static final Setting<Duration> POOL_AUTOSIZE_INTERVAL = service("pool-autosize-interval", seconds(15),
			DurationRange.atLeast(seconds(2), "15, 1m"), PooltuneProperties::getPoolAutosizeInterval);

	public static final Setting<Duration> DIAGNOSTICS_INTERVAL = service("diagnostics-interval", seconds(60),
			DurationRange.atLeast(seconds(1), "60, 30s").or(Special.OFF), PooltuneProperties::getDiagnosticsInterval);

	public static final Setting<Duration> IDLE_IN_TRANSACTION_WARN = service("idle-in-transaction-warn",
			seconds(300), DurationRange.atLeast(seconds(1), "300, 5m"), PooltuneProperties::getIdleInTransactionWarn);

	public static final Setting<Duration> SLOW_QUERY_WARN = service("slow-query-warn", seconds(60),
			DurationRange.atLeast(seconds(1), "60, 1m"), PooltuneProperties::getSlowQueryWarn);

	/** Every setting, in the order the start-up line, the endpoint and the README list them. */
	private static final List<Setting<?>> ALL = List.of(ENABLED, POOL_SIZE, MAX_OVERFLOW, POOL_TIMEOUT, POOL_RECYCLE,
			POOL_PRE_PING, POOL_KEEPALIVE, POOL_LEAK_THRESHOLD, CONNECT_TIMEOUT, SOCKET_TIMEOUT, STATEMENT_TIMEOUT,
			IDLE_IN_TRANSACTION_TIMEOUT, CREDENTIALS_LIFETIME, PRESET, INSTANCES, RESERVED_CONNECTIONS, CAPACITY_CHECK,
			CAPACITY_CHECK_INTERVAL, PGBOUNCER, POOL_AUTOSIZE, POOL_AUTOSIZE_INTERVAL, DIAGNOSTICS_INTERVAL,
			IDLE_IN_TRANSACTION_WARN, SLOW_QUERY_WARN);

	private final String key;

	private final Defaults<T> defaults;

	private final Range<T> range;

	private final Binding<T> binding;

	private Setting(String key, Defaults<T> defaults, Range<T> range, Binding<T> binding) {
		this.key = key;
		this.defaults = defaults;
		this.range = range;
		this.binding = binding;
	}

	/** A setting of one pool: in {@code db.*} for Spring Boot's pool, and in every section. */
	private static <T> Setting<T> pool(String key, T defaultValue, Range<T> range,
			Function<PoolProperties, T> inSection) {
		return new Setting<>(key, new Defaults<>(defaultValue, Map.of()), range,
				new Binding<>(inSection::apply, inSection));
	}

	/** A setting of the whole service, in {@code db.*} only. */
	private static <T> Setting<T> service(String key, T defaultValue, Range<T> range,
			Function<PooltuneProperties, T> bound) {
		return new Setting<>(key, new Defaults<>(defaultValue, Map.of()), range, new Binding<>(bound, null));
	}

	private Setting<T> presets(T local, T staging, T production) {
		Map<Preset, T> presets = new EnumMap<>(Preset.class);
		presets.put(Preset.LOCAL, local);
		presets.put(Preset.STAGING, staging);
		presets.put(Preset.PRODUCTION, production);
		return new Setting<>(this.key, new Defaults<>(this.defaults.value(), presets), this.range, this.binding);
	}

	private static Duration seconds(long seconds) {
		return Duration.ofSeconds(seconds);
	}

	/** The property without its {@code db.} prefix: {@code pool-size}. */
	public String key() {
		return this.key;
	}

	/** The property as written in {@code application.yml}: {@code db.pool-size}. */
	public String property() {
		return "db." + this.key;
	}

	/** The property in a pool's section, {@code db.pools.audit.pool-size}, or {@link #property()} for none. */
	public String property(@Nullable String section) {
		return (section != null) ? SECTIONS + "." + section + "." + this.key : property();
	}

	/** The environment variable: {@code DB_POOL_SIZE}. */
	public String environmentVariable() {
		return environmentVariableOf(property());
	}

	/** The environment variable in a pool's section: {@code DB_POOLS_AUDIT_POOL_SIZE}. */
	public String environmentVariable(@Nullable String section) {
		return environmentVariableOf(property(section));
	}

	/** Both spellings, as messages name a setting: {@code DB_POOL_SIZE (db.pool-size)}. */
	public String displayName() {
		return displayNameOf(property());
	}

	/** Both spellings in a pool's section: {@code DB_POOLS_AUDIT_POOL_SIZE (db.pools.audit.pool-size)}. */
	public String displayName(@Nullable String section) {
		return displayNameOf(property(section));
	}

	/** The value when nothing sets it, {@code null} for none. */
	public T defaultValue() {
		return this.defaults.value();
	}

	/** The values it accepts. */
	public Range<T> range() {
		return this.range;
	}

	/** What it accepts, in the words of the failure analysis. */
	public String allowedValues() {
		return this.range.describe();
	}

	/** Whether the value is one it accepts on its own. */
	public boolean accepts(@Nullable T value) {
		return value != null && this.range.accepts(value);
	}

	/** The preset's value, or {@code null} when presets do not set this one. */
	public @Nullable T presetValue(Preset preset) {
		return this.defaults.presets().get(preset);
	}

	/**
	 * Whether a pool's section may set it: a value of one pool, not of the whole service
	 * (instances, reserved connections, the checks and their thresholds, the switch).
	 */
	public boolean isPoolLevel() {
		return this.binding.inSection() != null;
	}

	/** Whether this setting is one of the values a pool runs with (not the switch or the preset). */
	boolean isValue() {
		return this != ENABLED && this != PRESET;
	}

	/** The value Spring Boot bound in {@code db.*}; {@code null} when not set. */
	T bound(PooltuneProperties properties) {
		return this.binding.bound().apply(properties);
	}

	/** The value Spring Boot bound in a pool's section; {@code null} when the section does not set it. */
	T inSection(PoolProperties section) {
		Function<PoolProperties, T> inSection = this.binding.inSection();
		return (inSection != null) ? inSection.apply(section) : null;
	}

	@Override
	public String toString() {
		return property();
	}

	/** Every setting, in the order users see them listed. */
	public static List<Setting<?>> all() {
		return ALL;
	}

	/** The setting bound to the given property name, or {@code null}. */
	public static @Nullable Setting<?> forProperty(String property) {
		return ALL.stream().filter((setting) -> setting.property().equals(property)).findFirst().orElse(null);
	}

	/** The setting named by a key in either spelling ({@code pool-size}, {@code poolsize}), or {@code null}. */
	static @Nullable Setting<?> forKey(String key) {
		String uniform = key.replace("-", "").replace("_", "").replace(".", "").toLowerCase(Locale.ROOT);
		return ALL.stream()
			.filter((setting) -> setting.key.replace("-", "").equals(uniform))
			.findFirst()
			.orElse(null);
	}

	/** The environment spelling of a property: dots and dashes become underscores, all upper case. */
	static String environmentVariableOf(String property) {
		return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
	}

	/** Both spellings of a property: {@code DB_POOLS_AUDIT_POOL_SIZE (db.pools.audit.pool-size)}. */
	static String displayNameOf(String property) {
		return environmentVariableOf(property) + " (" + property + ")";
	}

	/**
	 * The value when nothing sets it, and each preset's.
	 *
	 * @param value the default, {@code null} for none
	 * @param presets the presets' values; empty when presets do not set this one
	 */
	private record Defaults<T extends @Nullable Object>(T value, Map<Preset, T> presets) {
	}

	/**
	 * Where Spring Boot binds it.
	 *
	 * @param bound in {@code db.*}
	 * @param inSection in a pool's section; {@code null} for a setting of the whole service
	 */
	private record Binding<T extends @Nullable Object>(Function<PooltuneProperties, T> bound,
			@Nullable Function<PoolProperties, T> inSection) {
	}

}
