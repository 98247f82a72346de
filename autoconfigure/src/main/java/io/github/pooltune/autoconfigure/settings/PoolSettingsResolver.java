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
 * <p>
 * A pool's {@code db.pools.<name>.*} section resolves the same way, one layer in front:
 * the section's value, else the section's preset, else what {@code db.*} resolves to
 * (its value, its preset, the default). The settings of the whole service (instances,
 * the checks) are always those of {@code db.*}.
 *
 * @author pooltune
 */
public final class PoolSettingsResolver {

	static final String DEFAULT_SOURCE = "default";

	static final String PRESET_SOURCE_PREFIX = "preset ";

	private static final String ENVIRONMENT_SOURCE_PREFIX = "environment ";

	/** How much longer than statement-timeout the default socket-timeout waits. */
	private static final Duration SOCKET_TIMEOUT_MARGIN = Duration.ofSeconds(30);

	private static final PooltuneProperties DEFAULTS = new PooltuneProperties();

	private final PooltuneProperties properties;

	private final SettingOrigins origins;

	/** The pool's section as the user named it, or {@code null} for {@code db.*}. */
	private final String section;

	private final PoolProperties sectionProperties;

	/** What {@code db.*} resolves to, under a section; {@code null} when {@code db.*} holds a mistake. */
	private final PoolSettings inherited;

	private final Map<PoolSetting, ResolvedSetting<?>> resolved = new EnumMap<>(PoolSetting.class);

	private final Map<PoolSetting, Given> given = new EnumMap<>(PoolSetting.class);

	private final List<InvalidSetting> invalid = new ArrayList<>();

	private PoolSettingsResolver(PooltuneProperties properties, SettingOrigins origins, String section,
			PoolProperties sectionProperties, PoolSettings inherited) {
		this.properties = properties;
		this.origins = origins;
		this.section = section;
		this.sectionProperties = (sectionProperties != null) ? sectionProperties : new PoolProperties();
		this.inherited = inherited;
	}

	/**
	 * Resolves and validates the {@code db.*} settings.
	 * @throws InvalidPoolSettingsException if any setting holds a value it does not accept
	 */
	public static PoolSettings resolve(PooltuneProperties properties, SettingOrigins origins) {
		return new PoolSettingsResolver(properties, origins, null, null, null).resolve();
	}

	/**
	 * Resolves and validates the settings of one pool's section.
	 * @param section the section's name, as the user wrote it
	 * @param inherited what {@code db.*} resolves to, or {@code null} when it holds a
	 * mistake of its own (then only the section's own values are checked)
	 * @throws InvalidPoolSettingsException if any setting holds a value it does not accept
	 */
	static PoolSettings resolveSection(String section, PooltuneProperties properties, SettingOrigins origins,
			PoolSettings inherited) {
		PoolProperties bound = properties.getPools().get(section);
		if (bound == null) {
			// Bound under another case of the same name, or not at all when every value is empty.
			bound = properties.getPools().entrySet().stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(section))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElse(null);
		}
		return new PoolSettingsResolver(properties, origins, section, bound, inherited).resolve();
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
			if (!setting.isValue()) {
				continue;
			}
			if (this.section == null) {
				resolve(setting);
			}
			else if (setting.isPoolLevel()) {
				resolveInSection(setting);
			}
			else {
				this.resolved.put(setting, (this.inherited != null) ? this.inherited.setting(setting) : byDefault(setting));
			}
		}
		rejectIfBlank(PoolSetting.PRESET);
		// Compared with each other only when each is right on its own, db.* included.
		if (this.invalid.isEmpty() && (this.section == null || this.inherited != null)) {
			deriveDefaults();
			checkAgainstEachOther();
		}
		if (!this.invalid.isEmpty()) {
			throw new InvalidPoolSettingsException(this.invalid);
		}
		return new PoolSettings(this.resolved, preset());
	}

	private Preset preset() {
		if (this.section == null || this.sectionProperties.getPreset() != null) {
			return (this.section != null) ? this.sectionProperties.getPreset() : this.properties.getPreset();
		}
		return (this.inherited != null) ? this.inherited.preset() : null;
	}

	private void resolve(PoolSetting setting) {
		Optional<ConfigurationProperty> property = this.origins.find(setting.property());
		if (property.isPresent()) {
			Object value = setting.boundValue(this.properties);
			String source = SettingOrigins.describe(property.get());
			given(setting, setting.property(), value, property.get(), source);
			this.resolved.put(setting, new ResolvedSetting<>(setting, value, source));
			return;
		}
		Preset preset = this.properties.getPreset();
		Object fromPreset = (preset != null) ? setting.presetValue(preset) : null;
		if (fromPreset != null) {
			this.resolved.put(setting, new ResolvedSetting<>(setting, fromPreset, PRESET_SOURCE_PREFIX + preset.value()));
			return;
		}
		this.resolved.put(setting, byDefault(setting));
	}

	/** The section's value, else its preset's, else what db.* resolves to. */
	private void resolveInSection(PoolSetting setting) {
		String name = setting.property(this.section);
		Optional<ConfigurationProperty> property = this.origins.find(name);
		if (property.isPresent()) {
			Object value = setting.sectionValue(this.sectionProperties);
			String where = SettingOrigins.describe(property.get());
			given(setting, name, value, property.get(), where);
			this.resolved.put(setting, new ResolvedSetting<>(setting, value, named(name, where)));
			return;
		}
		Preset preset = this.sectionProperties.getPreset();
		Object fromPreset = (preset != null) ? setting.presetValue(preset) : null;
		if (fromPreset != null) {
			this.resolved.put(setting, new ResolvedSetting<>(setting, fromPreset,
					PRESET_SOURCE_PREFIX + preset.value() + " (" + PoolSetting.PRESET.property(this.section) + ")"));
			return;
		}
		ResolvedSetting<?> fromDb = (this.inherited != null) ? this.inherited.setting(setting) : null;
		// A default db.* derived from its own other values is derived again from this pool's.
		if (fromDb != null && !DEFAULT_SOURCE.equals(fromDb.source())) {
			String asGiven = this.origins.find(setting.property())
				.map((own) -> String.valueOf(own.getValue()))
				.orElse(fromDb.formattedValue());
			this.given.put(setting, new Given(setting.property(), asGiven, fromDb.source()));
			this.resolved.put(setting, new ResolvedSetting<>(setting, fromDb.value(), inheritedSource(fromDb)));
			return;
		}
		this.resolved.put(setting, byDefault(setting));
	}

	/** Keeps the value as given for messages, and refuses it when it is empty or out of range. */
	private void given(PoolSetting setting, String name, Object value, ConfigurationProperty property, String where) {
		String asGiven = String.valueOf(property.getValue());
		this.given.put(setting, new Given(name, asGiven, where));
		// Spring binds an empty value as "not set" and keeps the default: say so instead.
		if (asGiven.isBlank() || !setting.accepts(value)) {
			this.invalid.add(new InvalidSetting(setting, name, this.section, asGiven, where, setting.allowedValues()));
		}
	}

	/** An empty value is a mistake (an unset variable in a template, say), not a way to ask for the default. */
	private void rejectIfBlank(PoolSetting setting) {
		String name = setting.property(this.section);
		this.origins.find(name)
			.filter((property) -> String.valueOf(property.getValue()).isBlank())
			.ifPresent((property) -> this.invalid.add(new InvalidSetting(setting, name, this.section,
					String.valueOf(property.getValue()), SettingOrigins.describe(property), setting.allowedValues())));
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

	/** Names the property that gave the value, which under a section may be one of db.*. */
	private void reject(PoolSetting setting, String allowed) {
		ResolvedSetting<?> resolvedSetting = this.resolved.get(setting);
		Given value = this.given.getOrDefault(setting, new Given(setting.property(this.section),
				resolvedSetting.formattedValue(), resolvedSetting.source()));
		this.invalid.add(new InvalidSetting(setting, value.property(), this.section, value.value(), value.where(),
				allowed));
	}

	private boolean isDefault(PoolSetting setting) {
		return DEFAULT_SOURCE.equals(this.resolved.get(setting).source());
	}

	private Duration duration(PoolSetting setting) {
		return (Duration) this.resolved.get(setting).value();
	}

	private static ResolvedSetting<?> byDefault(PoolSetting setting) {
		return new ResolvedSetting<>(setting, setting.boundValue(DEFAULTS), DEFAULT_SOURCE);
	}

	/** A section's source names the property, as the value may also come from db.*. */
	private static String named(String property, String where) {
		return where.startsWith(ENVIRONMENT_SOURCE_PREFIX) ? where : property + " from " + where;
	}

	private static String inheritedSource(ResolvedSetting<?> fromDb) {
		if (fromDb.source().startsWith(PRESET_SOURCE_PREFIX)) {
			return fromDb.source() + " (" + PoolSetting.PRESET.property() + ")";
		}
		return named(fromDb.setting().property(), fromDb.source());
	}

	private static String format(Duration duration) {
		return new ResolvedSetting<>(PoolSetting.POOL_TIMEOUT, duration, DEFAULT_SOURCE).formattedValue();
	}

	/** A value as the user gave it, for messages: the property, the text, where. */
	private record Given(String property, String value, String where) {
	}

}
