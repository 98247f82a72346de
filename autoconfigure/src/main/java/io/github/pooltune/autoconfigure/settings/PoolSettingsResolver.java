package io.github.pooltune.autoconfigure.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.core.env.Environment;

/**
 * Turns the bound {@link PooltuneProperties} into {@link PoolSettings}: each setting
 * comes from where the user set it, else from the preset, else from the default. Every
 * value is checked, alone and against the others, before any is used; all problems are
 * reported together.
 *
 * @author pooltune
 */
public final class PoolSettingsResolver {

	static final String DEFAULT_SOURCE = "default";

	static final String PRESET_SOURCE_PREFIX = "preset ";

	/** How much longer than statement-timeout the default socket-timeout waits. */
	private static final Duration SOCKET_TIMEOUT_MARGIN = Duration.ofSeconds(30);

	private static final PooltuneProperties DEFAULTS = new PooltuneProperties();

	private final PooltuneProperties properties;

	private final SettingOrigins origins;

	private final Map<PoolSetting, ResolvedSetting<?>> resolved = new EnumMap<>(PoolSetting.class);

	private final Map<PoolSetting, String> given = new EnumMap<>(PoolSetting.class);

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

	/**
	 * Binds and resolves the settings straight from the environment, for a failure
	 * analyzer: it runs once the context, and its {@link PoolSettings} bean, are gone.
	 * @return the settings, or {@code null} when pooltune is switched off
	 * ({@code db.enabled=false}) or the settings do not bind or validate
	 */
	public static @Nullable PoolSettings resolveOrNull(Environment environment) {
		try {
			Binder binder = Binder.get(environment);
			if (!binder.bind(PoolSetting.ENABLED.property(), Boolean.class).orElse(true)) {
				return null;
			}
			PooltuneProperties properties = binder.bindOrCreate("db", PooltuneProperties.class);
			return resolve(properties, new SettingOrigins(environment));
		}
		catch (RuntimeException ex) {
			// Another analyzer explains settings that do not bind or validate.
			return null;
		}
	}

	private PoolSettings resolve() {
		for (PoolSetting setting : PoolSetting.values()) {
			if (setting.isValue()) {
				resolve(setting);
			}
		}
		rejectIfBlank(PoolSetting.PRESET);
		if (this.invalid.isEmpty()) {
			deriveDefaults();
			checkAgainstEachOther();
		}
		if (!this.invalid.isEmpty()) {
			throw new InvalidPoolSettingsException(this.invalid);
		}
		return new PoolSettings(this.resolved, this.properties.getPreset());
	}

	private void resolve(PoolSetting setting) {
		Optional<ConfigurationProperty> property = this.origins.find(setting.property());
		if (property.isPresent()) {
			Object value = setting.boundValue(this.properties);
			String source = SettingOrigins.describe(property.get());
			String asGiven = String.valueOf(property.get().getValue());
			this.given.put(setting, asGiven);
			// Spring binds an empty value as "not set" and keeps the default: say so instead.
			if (asGiven.isBlank() || !setting.accepts(value)) {
				this.invalid.add(new InvalidSetting(setting, asGiven, source));
			}
			this.resolved.put(setting, new ResolvedSetting<>(setting, value, source));
			return;
		}
		Preset preset = this.properties.getPreset();
		Object fromPreset = (preset != null) ? setting.presetValue(preset) : null;
		if (fromPreset != null) {
			this.resolved.put(setting, new ResolvedSetting<>(setting, fromPreset, PRESET_SOURCE_PREFIX + preset.value()));
			return;
		}
		this.resolved.put(setting, new ResolvedSetting<>(setting, setting.boundValue(DEFAULTS), DEFAULT_SOURCE));
	}

	/** An empty value is a mistake (an unset variable in a template, say), not a way to ask for the default. */
	private void rejectIfBlank(PoolSetting setting) {
		this.origins.find(setting.property())
			.filter((property) -> String.valueOf(property.getValue()).isBlank())
			.ifPresent((property) -> this.invalid.add(new InvalidSetting(setting,
					String.valueOf(property.getValue()), SettingOrigins.describe(property))));
	}

	/** Defaults that follow other settings: a connect timeout within the pool timeout, a socket timeout beyond the statement timeout. */
	private void deriveDefaults() {
		Duration poolTimeout = duration(PoolSetting.POOL_TIMEOUT);
		if (isDefault(PoolSetting.CONNECT_TIMEOUT) && duration(PoolSetting.CONNECT_TIMEOUT).compareTo(poolTimeout) > 0) {
			this.resolved.put(PoolSetting.CONNECT_TIMEOUT,
					new ResolvedSetting<>(PoolSetting.CONNECT_TIMEOUT, poolTimeout, DEFAULT_SOURCE));
		}
		Duration statementTimeout = duration(PoolSetting.STATEMENT_TIMEOUT);
		Duration socketTimeout = duration(PoolSetting.SOCKET_TIMEOUT);
		if (isDefault(PoolSetting.SOCKET_TIMEOUT) && !statementTimeout.isZero()
				&& socketTimeout.compareTo(statementTimeout) <= 0) {
			this.resolved.put(PoolSetting.SOCKET_TIMEOUT, new ResolvedSetting<>(PoolSetting.SOCKET_TIMEOUT,
					statementTimeout.plus(SOCKET_TIMEOUT_MARGIN), DEFAULT_SOURCE));
		}
	}

	private void checkAgainstEachOther() {
		Duration recycle = duration(PoolSetting.POOL_RECYCLE);
		boolean recycles = !PoolSettings.NEVER.equals(recycle);
		for (PoolSetting belowRecycle : List.of(PoolSetting.POOL_KEEPALIVE, PoolSetting.POOL_LEAK_THRESHOLD)) {
			Duration value = duration(belowRecycle);
			if (recycles && value != null && !value.isZero() && value.compareTo(recycle) >= 0) {
				reject(belowRecycle, "below pool-recycle (" + format(recycle) + "), or HikariCP switches it off");
			}
		}
		if (duration(PoolSetting.CONNECT_TIMEOUT).compareTo(duration(PoolSetting.POOL_TIMEOUT)) > 0) {
			reject(PoolSetting.CONNECT_TIMEOUT, "at most pool-timeout (" + format(duration(PoolSetting.POOL_TIMEOUT))
					+ "), or borrows give up while a connection is still being opened");
		}
		Duration socket = duration(PoolSetting.SOCKET_TIMEOUT);
		Duration statement = duration(PoolSetting.STATEMENT_TIMEOUT);
		if (!socket.isZero() && !statement.isZero() && socket.compareTo(statement) <= 0) {
			reject(PoolSetting.SOCKET_TIMEOUT, "above statement-timeout (" + format(statement)
					+ "), so that the server cancels a slow statement before the driver drops the connection");
		}
	}

	private void reject(PoolSetting setting, String allowed) {
		ResolvedSetting<?> resolvedSetting = this.resolved.get(setting);
		String value = this.given.getOrDefault(setting, resolvedSetting.formattedValue());
		this.invalid.add(new InvalidSetting(setting, value, resolvedSetting.source(), allowed));
	}

	private boolean isDefault(PoolSetting setting) {
		return DEFAULT_SOURCE.equals(this.resolved.get(setting).source());
	}

	private Duration duration(PoolSetting setting) {
		return (Duration) this.resolved.get(setting).value();
	}

	private static String format(Duration duration) {
		return new ResolvedSetting<>(PoolSetting.POOL_TIMEOUT, duration, DEFAULT_SOURCE).formattedValue();
	}

}
