package io.github.pooltune.autoconfigure.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.settings.DurationRange.Special;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.core.env.Environment;

/**
 * The effective settings of one pool, each with its value and its source. Each
 * {@link Setting} comes from where the user set it, else from the preset, else from its
 * default; every value is checked, alone and against the others, before any is used, and
 * all problems are reported together. Resolved once at start-up; never re-read.
 * <p>
 * A pool's {@code db.pools.<name>.*} section resolves the same way, one layer in front:
 * the section's value, else the section's preset, else what {@code db.*} resolves to
 * (its value, its preset, the default). The settings of the whole service (instances,
 * the checks) are always those of {@code db.*}.
 *
 * @author pooltune
 */
public final class PoolSettings {

	static final String DEFAULT_SOURCE = "default";

	static final String PRESET_SOURCE_PREFIX = "preset ";

	private static final String ENVIRONMENT_SOURCE_PREFIX = "environment ";

	/** The five pool settings SQLAlchemy-style guides name, in the order users list them. */
	private static final List<Setting<?>> POOL = List.of(Setting.POOL_SIZE, Setting.MAX_OVERFLOW,
			Setting.POOL_TIMEOUT, Setting.POOL_RECYCLE, Setting.POOL_PRE_PING);

	private final Map<Setting<?>, ResolvedSetting<?>> settings;

	private final @Nullable Preset preset;

	private PoolSettings(Map<Setting<?>, ResolvedSetting<?>> settings, @Nullable Preset preset) {
		this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
		this.preset = preset;
	}

	/**
	 * Resolves and checks the {@code db.*} settings.
	 * @throws InvalidPoolSettingsException if any setting holds a value it does not accept
	 */
	public static PoolSettings resolve(PooltuneProperties properties, SettingOrigins origins) {
		return new Resolution(properties, origins, null).resolve();
	}

	/**
	 * Resolves and checks the settings of one pool's section.
	 * @param section the section's name, as the user wrote it
	 * @param inherited what {@code db.*} resolves to, or {@code null} when it holds a
	 * mistake of its own (then only the section's own values are checked)
	 * @throws InvalidPoolSettingsException if any setting holds a value it does not accept
	 */
	static PoolSettings resolveSection(String section, PooltuneProperties properties, SettingOrigins origins,
			@Nullable PoolSettings inherited) {
		PoolProperties bound = properties.getPools().get(section);
		if (bound == null) {
			// Bound under another case of the same name, or not at all when every value is empty.
			bound = properties.getPools()
				.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(section))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElseGet(PoolProperties::new);
		}
		return new Resolution(properties, origins, new Section(section, bound, inherited)).resolve();
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
			if (!binder.bind(Setting.ENABLED.property(), Boolean.class).orElse(Setting.ENABLED.defaultValue())) {
				return null;
			}
			return resolve(binder.bindOrCreate("db", PooltuneProperties.class), new SettingOrigins(environment));
		}
		catch (RuntimeException ex) {
			// Another analyzer explains settings that do not bind or validate.
			return null;
		}
	}

	/**
	 * These settings with some values changed while the pool runs, each checked as at
	 * start-up: alone against its range, then every setting against the rules it keeps
	 * with the others (so a shorter {@code pool-timeout} is refused while
	 * {@code connect-timeout} is longer).
	 * @param values the new values
	 * @param source what the changed values show as their source: {@code runtime}
	 * @param section the pool's {@code db.pools} section, or {@code null} for {@code db.*},
	 * to name the properties in problems
	 * @throws InvalidPoolSettingsException naming every value that breaks a rule
	 */
	public PoolSettings with(Map<Setting<?>, ?> values, String source, @Nullable String section) {
		Map<Setting<?>, ResolvedSetting<?>> changed = new LinkedHashMap<>(this.settings);
		List<InvalidSetting> invalid = new ArrayList<>();
		values.forEach((setting, value) -> {
			changed.put(setting, resolved(setting, value, source));
			if (!accepts(setting, value)) {
				invalid.add(new InvalidSetting(setting, setting.property(section), section, format(setting, value),
						source, setting.allowedValues()));
			}
		});
		PoolSettings result = new PoolSettings(changed, this.preset);
		if (invalid.isEmpty()) {
			for (ResolvedSetting<?> setting : result.all()) {
				String broken = broken(setting, result);
				if (broken != null) {
					invalid.add(new InvalidSetting(setting.setting(), setting.setting().property(section), section,
							setting.formattedValue(), setting.source(), broken));
				}
			}
		}
		if (!invalid.isEmpty()) {
			throw new InvalidPoolSettingsException(invalid);
		}
		return result;
	}

	@SuppressWarnings("unchecked")
	private static <T> ResolvedSetting<T> resolved(Setting<T> setting, Object value, String source) {
		return new ResolvedSetting<>(setting, (T) value, source);
	}

	@SuppressWarnings("unchecked")
	private static <T> boolean accepts(Setting<T> setting, Object value) {
		return setting.accepts((T) value);
	}

	@SuppressWarnings("unchecked")
	private static <T> String format(Setting<T> setting, Object value) {
		return setting.range().format((T) value);
	}

	private static <T> @Nullable String broken(ResolvedSetting<T> setting, PoolSettings settings) {
		return (setting.value() != null) ? setting.setting().range().broken(setting.value(), settings) : null;
	}

	/** The given setting, resolved. */
	@SuppressWarnings("unchecked")
	public <T> ResolvedSetting<T> get(Setting<T> setting) {
		ResolvedSetting<?> resolved = this.settings.get(setting);
		if (resolved == null) {
			throw new IllegalArgumentException(setting + " is not one of the values a pool runs with");
		}
		// Each was resolved for its own setting, so it holds a value of that setting's type.
		return (ResolvedSetting<T>) resolved;
	}

	/** The value of the given setting. */
	public <T> T value(Setting<T> setting) {
		return get(setting).value();
	}

	/** The preset in force, or {@code null}. */
	public @Nullable Preset preset() {
		return this.preset;
	}

	/** The most connections one instance may open: pool-size + max-overflow. */
	public int maxConnections() {
		return value(Setting.POOL_SIZE) + value(Setting.MAX_OVERFLOW);
	}

	/** Whether connections are recycled at all. */
	public boolean recycles() {
		return !Special.NEVER.value().equals(value(Setting.POOL_RECYCLE));
	}

	/** The five pool settings SQLAlchemy-style guides name, in the order users list them. */
	public List<ResolvedSetting<?>> pool() {
		return POOL.stream().<ResolvedSetting<?>>map(this.settings::get).toList();
	}

	/** Every value a pool runs with, in the order of {@link Setting#all()}. */
	public List<ResolvedSetting<?>> all() {
		return List.copyOf(this.settings.values());
	}

	/** One pool's settings being resolved: what was given where, and every problem found. */
	private static final class Resolution {

		private final PooltuneProperties properties;

		private final SettingOrigins origins;

		/** The pool's section, or {@code null} for {@code db.*}. */
		private final @Nullable Section section;

		private final Map<Setting<?>, ResolvedSetting<?>> resolved = new LinkedHashMap<>();

		private final Map<Setting<?>, Given> given = new HashMap<>();

		private final List<InvalidSetting> invalid = new ArrayList<>();

		Resolution(PooltuneProperties properties, SettingOrigins origins, @Nullable Section section) {
			this.properties = properties;
			this.origins = origins;
			this.section = section;
		}

		/** The section as the user named it, or {@code null} for {@code db.*}. */
		private @Nullable String sectionName() {
			return (this.section != null) ? this.section.name() : null;
		}

		/** What Spring Boot bound for this pool: {@code db.*}, or the section. */
		private PoolProperties bound() {
			return (this.section != null) ? this.section.bound() : this.properties;
		}

		/** What {@code db.*} resolves to, under a section; {@code null} for db.* or when db.* holds a mistake. */
		private @Nullable PoolSettings inherited() {
			return (this.section != null) ? this.section.inherited() : null;
		}

		PoolSettings resolve() {
			for (Setting<?> setting : Setting.all()) {
				if (setting.isValue()) {
					this.resolved.put(setting, resolve(setting));
				}
			}
			rejectIfBlank(Setting.PRESET);
			// Compared with each other only when each is right on its own, db.* included.
			if (this.invalid.isEmpty() && (this.section == null || inherited() != null)) {
				PoolSettings own = settings();
				own.settings.keySet().forEach((setting) -> follow(setting, own));
				PoolSettings followed = settings();
				followed.settings.keySet().forEach((setting) -> check(setting, followed));
			}
			if (!this.invalid.isEmpty()) {
				throw new InvalidPoolSettingsException(this.invalid);
			}
			return settings();
		}

		private PoolSettings settings() {
			Preset own = bound().getPreset();
			PoolSettings inherited = inherited();
			Preset preset = (own != null || inherited == null) ? own : inherited.preset();
			return new PoolSettings(this.resolved, preset);
		}

		/** Where the user set it, else the preset, else (in a section) what db.* resolves to, else the default. */
		private <T> ResolvedSetting<T> resolve(Setting<T> setting) {
			PoolSettings inherited = inherited();
			if (this.section != null && !setting.isPoolLevel()) {
				return (inherited != null) ? inherited.get(setting) : byDefault(setting);
			}
			String name = setting.property(sectionName());
			Optional<ConfigurationProperty> property = this.origins.find(name);
			if (property.isPresent()) {
				return given(setting, name, property.get());
			}
			Preset preset = bound().getPreset();
			T fromPreset = (preset != null) ? setting.presetValue(preset) : null;
			if (fromPreset != null) {
				String in = (this.section != null) ? " (" + Setting.PRESET.property(sectionName()) + ")" : "";
				return new ResolvedSetting<>(setting, fromPreset, PRESET_SOURCE_PREFIX + preset.value() + in);
			}
			ResolvedSetting<T> fromDb = (inherited != null) ? inherited.get(setting) : null;
			// A default db.* derived from its own other values is derived again from this pool's.
			return (fromDb != null && !DEFAULT_SOURCE.equals(fromDb.source())) ? inherit(fromDb) : byDefault(setting);
		}

		/** Keeps the value as given for messages, and refuses it when it is empty or out of range. */
		private <T> ResolvedSetting<T> given(Setting<T> setting, String name, ConfigurationProperty property) {
			T value = (this.section != null) ? setting.inSection(bound()) : setting.bound(this.properties);
			String where = SettingOrigins.describe(property);
			String asGiven = String.valueOf(property.getValue());
			this.given.put(setting, new Given(name, asGiven, where));
			// Spring binds an empty value as "not set": say so instead.
			if (asGiven.isBlank() || !setting.accepts(value)) {
				this.invalid.add(new InvalidSetting(setting, name, sectionName(), asGiven, where,
						setting.allowedValues()));
			}
			return new ResolvedSetting<>(setting, value, (this.section != null) ? named(name, where) : where);
		}

		private <T> ResolvedSetting<T> inherit(ResolvedSetting<T> fromDb) {
			Setting<T> setting = fromDb.setting();
			String asGiven = this.origins.find(setting.property())
				.map((own) -> String.valueOf(own.getValue()))
				.orElse(fromDb.formattedValue());
			this.given.put(setting, new Given(setting.property(), asGiven, fromDb.source()));
			String source = fromDb.source().startsWith(PRESET_SOURCE_PREFIX)
					? fromDb.source() + " (" + Setting.PRESET.property() + ")"
					: named(setting.property(), fromDb.source());
			return new ResolvedSetting<>(setting, fromDb.value(), source);
		}

		/** An empty value is a mistake (an unset variable in a template, say), not a way to ask for the default. */
		private void rejectIfBlank(Setting<?> setting) {
			String name = setting.property(sectionName());
			this.origins.find(name)
				.filter((property) -> String.valueOf(property.getValue()).isBlank())
				.ifPresent((property) -> this.invalid.add(new InvalidSetting(setting, name, sectionName(),
						String.valueOf(property.getValue()), SettingOrigins.describe(property),
						setting.allowedValues())));
		}

		/** A default that would break a rule with another setting follows that setting instead. */
		private <T> void follow(Setting<T> setting, PoolSettings own) {
			ResolvedSetting<T> current = own.get(setting);
			T followed = (DEFAULT_SOURCE.equals(current.source()) && current.value() != null)
					? setting.range().followed(current.value(), own) : null;
			if (followed != null) {
				this.resolved.put(setting, new ResolvedSetting<>(setting, followed, DEFAULT_SOURCE));
			}
		}

		private <T> void check(Setting<T> setting, PoolSettings settings) {
			T value = settings.value(setting);
			String broken = (value != null) ? setting.range().broken(value, settings) : null;
			if (broken != null) {
				reject(setting, broken);
			}
		}

		/** Names the property that gave the value, which under a section may be one of db.*. */
		private void reject(Setting<?> setting, String allowed) {
			ResolvedSetting<?> resolved = this.resolved.get(setting);
			Given value = this.given.getOrDefault(setting,
					new Given(setting.property(sectionName()), resolved.formattedValue(), resolved.source()));
			this.invalid.add(new InvalidSetting(setting, value.property(), sectionName(), value.value(), value.where(),
					allowed));
		}

		private static <T> ResolvedSetting<T> byDefault(Setting<T> setting) {
			return new ResolvedSetting<>(setting, setting.defaultValue(), DEFAULT_SOURCE);
		}

		/** A section's source names the property, as the value may also come from db.*. */
		private static String named(String property, String where) {
			return where.startsWith(ENVIRONMENT_SOURCE_PREFIX) ? where : property + " from " + where;
		}

	}

	/**
	 * A pool's section being resolved.
	 *
	 * @param name the section as the user named it
	 * @param bound what Spring Boot bound there
	 * @param inherited what {@code db.*} resolves to, or {@code null} when {@code db.*}
	 * holds a mistake
	 */
	private record Section(String name, PoolProperties bound, @Nullable PoolSettings inherited) {
	}

	/** A value as the user gave it, for messages: the property, the text, where. */
	private record Given(String property, String value, String where) {
	}

}
