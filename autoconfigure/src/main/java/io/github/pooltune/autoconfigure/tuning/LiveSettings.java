package io.github.pooltune.autoconfigure.tuning;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.settings.Setting;

import org.springframework.boot.convert.DurationStyle;

/**
 * Which settings a running pool takes, and a change as a request gives it: camelCase
 * names ({@code maxOverflow}) with values as the settings take them (durations as
 * {@code 30}, {@code 500ms}, {@code 2m}: a bare number is seconds).
 * <p>
 * Live are the settings that reach only what {@code HikariConfigMXBean} changes in a
 * running pool: {@code pool-size} and {@code max-overflow} (minimumIdle,
 * maximumPoolSize), {@code pool-timeout} (connectionTimeout, and validationTimeout within
 * it), {@code pool-recycle} (maxLifetime) and {@code pool-leak-threshold}
 * (leakDetectionThreshold). Every other pool setting reaches what HikariCP or the driver
 * read once, when the pool or a connection opens, and needs a restart.
 *
 * @author pooltune
 */
public final class LiveSettings {

	/** The settings a running pool takes. */
	public static final List<Setting<?>> LIVE = List.of(Setting.POOL_SIZE, Setting.MAX_OVERFLOW, Setting.POOL_TIMEOUT,
			Setting.POOL_RECYCLE, Setting.POOL_LEAK_THRESHOLD);

	private LiveSettings() {
	}

	/** The setting as a request names it: {@code pool-leak-threshold} is {@code poolLeakThreshold}. */
	public static String nameOf(Setting<?> setting) {
		StringBuilder name = new StringBuilder();
		boolean upper = false;
		for (char character : setting.key().toCharArray()) {
			if (character == '-') {
				upper = true;
			}
			else {
				name.append(upper ? Character.toUpperCase(character) : character);
				upper = false;
			}
		}
		return name.toString();
	}

	/** The pool setting a request's name stands for, or {@code null}. */
	static @Nullable Setting<?> named(String name) {
		for (Setting<?> setting : Setting.all()) {
			if (setting.isPoolLevel() && nameOf(setting).equalsIgnoreCase(name)) {
				return setting;
			}
		}
		return null;
	}

	/**
	 * Reads a change as a request gives it.
	 * @param given each setting's value as given, by the request's names; absent or
	 * {@code null} for a setting left as it is
	 * @return the values, each of its setting's type
	 * @throws TuningRefusedException naming each value that cannot be read and each
	 * setting that needs a restart
	 */
	static Map<Setting<?>, Object> parse(String pool, Map<String, @Nullable String> given) {
		Map<Setting<?>, Object> values = new LinkedHashMap<>();
		List<Refusal> refusals = new ArrayList<>();
		given.forEach((name, text) -> {
			if (text == null) {
				return;
			}
			Setting<?> setting = named(name);
			if (setting == null) {
				refusals.add(new Refusal(name, "", text, "not a pool setting"));
			}
			else if (!LIVE.contains(setting)) {
				refusals.add(new Refusal(name, setting.property(), text,
						"needs a restart: HikariCP or the driver reads it only when the pool or a connection opens; "
								+ "settings a running pool takes: " + names()));
			}
			else {
				Object value = read(setting, text.trim());
				if (value != null) {
					values.put(setting, value);
				}
				else {
					refusals.add(new Refusal(name, setting.property(), text, setting.allowedValues()));
				}
			}
		});
		if (!refusals.isEmpty()) {
			throw new TuningRefusedException(pool, refusals);
		}
		if (values.isEmpty()) {
			throw new TuningRefusedException(pool, List.of(new Refusal("", "", "",
					"no setting given; settings a running pool takes: " + names())));
		}
		return values;
	}

	/** The live settings by the request's names: {@code poolSize, maxOverflow, …}. */
	static String names() {
		return String.join(", ", LIVE.stream().map(LiveSettings::nameOf).toList());
	}

	private static @Nullable Object read(Setting<?> setting, String text) {
		try {
			if (setting.defaultValue() instanceof Integer) {
				return Integer.valueOf(text);
			}
			if (setting.defaultValue() instanceof Duration) {
				// As the settings are bound: @DurationUnit(SECONDS).
				return DurationStyle.detectAndParse(text.toLowerCase(Locale.ROOT), ChronoUnit.SECONDS);
			}
		}
		catch (IllegalArgumentException ex) {
			// Refused below with what the setting accepts.
		}
		return null;
	}

}
