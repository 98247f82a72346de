package io.github.pooltune.autoconfigure.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import org.springframework.boot.context.properties.source.ConfigurationProperty;

/**
 * Turns the bound {@link PooltuneProperties} into {@link PoolSettings}: each setting
 * comes from where the user set it, else from the preset, else from the default. Every
 * value is checked before any is used; all problems are reported together.
 *
 * @author pooltune
 */
public final class PoolSettingsResolver {

	static final String DEFAULT_SOURCE = "default";

	static final String PRESET_SOURCE_PREFIX = "preset ";

	private static final Duration MIN_POOL_TIMEOUT = Duration.ofSeconds(1);

	/** HikariCP replaces a shorter maxLifetime with its 30-minute default. */
	private static final Duration MIN_POOL_RECYCLE = Duration.ofSeconds(30);

	private static final PooltuneProperties DEFAULTS = new PooltuneProperties();

	private final PooltuneProperties properties;

	private final SettingOrigins origins;

	private final List<InvalidSetting> invalid = new ArrayList<>();

	private PoolSettingsResolver(PooltuneProperties properties, SettingOrigins origins) {
		this.properties = properties;
		this.origins = origins;
	}

	/**
	 * Resolves and validates the settings.
	 * @throws InvalidPoolSettingsException if any setting holds a value it does not accept
	 */
	public static PoolSettings resolve(PooltuneProperties properties, SettingOrigins origins) {
		return new PoolSettingsResolver(properties, origins).resolve();
	}

	private PoolSettings resolve() {
		Preset preset = this.properties.getPreset();
		PoolSettings settings = new PoolSettings(
				resolve(PoolSetting.POOL_SIZE, PooltuneProperties::getPoolSize, Preset::poolSize,
						(size) -> size >= 1 && size <= 100),
				resolve(PoolSetting.MAX_OVERFLOW, PooltuneProperties::getMaxOverflow, Preset::maxOverflow,
						(overflow) -> overflow >= 0 && overflow <= 100),
				resolve(PoolSetting.POOL_TIMEOUT, PooltuneProperties::getPoolTimeout, Preset::poolTimeout,
						(timeout) -> timeout.compareTo(MIN_POOL_TIMEOUT) >= 0),
				resolve(PoolSetting.POOL_RECYCLE, PooltuneProperties::getPoolRecycle, Preset::poolRecycle,
						(recycle) -> recycle.equals(PoolSettings.NEVER) || recycle.compareTo(MIN_POOL_RECYCLE) >= 0),
				resolve(PoolSetting.POOL_PRE_PING, PooltuneProperties::isPoolPrePing, Preset::poolPrePing,
						(prePing) -> true),
				preset,
				resolve(PoolSetting.INSTANCES, PooltuneProperties::getInstances, null,
						(instances) -> instances >= 1 && instances <= 1000),
				resolve(PoolSetting.RESERVED_CONNECTIONS, PooltuneProperties::getReservedConnections, null,
						(reserved) -> reserved >= 0 && reserved <= 10000),
				resolve(PoolSetting.CAPACITY_CHECK, PooltuneProperties::getCapacityCheck, null, (mode) -> true));
		if (!this.invalid.isEmpty()) {
			throw new InvalidPoolSettingsException(this.invalid);
		}
		return settings;
	}

	/** {@code fromPreset} is {@code null} for a setting that presets do not supply. */
	private <T> ResolvedSetting<T> resolve(PoolSetting setting, Function<PooltuneProperties, T> bound,
			Function<Preset, T> fromPreset, Predicate<T> allowed) {
		Optional<ConfigurationProperty> given = this.origins.find(setting.property());
		if (given.isPresent()) {
			T value = bound.apply(this.properties);
			String source = SettingOrigins.describe(given.get());
			if (value == null || !allowed.test(value)) {
				this.invalid.add(new InvalidSetting(setting, String.valueOf(given.get().getValue()), source));
			}
			return new ResolvedSetting<>(setting, value, source);
		}
		Preset preset = this.properties.getPreset();
		if (preset != null && fromPreset != null) {
			return new ResolvedSetting<>(setting, fromPreset.apply(preset), PRESET_SOURCE_PREFIX + preset.value());
		}
		return new ResolvedSetting<>(setting, bound.apply(DEFAULTS), DEFAULT_SOURCE);
	}

}
