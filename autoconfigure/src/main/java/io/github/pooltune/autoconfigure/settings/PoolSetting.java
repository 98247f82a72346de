package io.github.pooltune.autoconfigure.settings;

import java.util.Locale;

/**
 * Every {@code db.*} setting with the names users know it by and the values it accepts,
 * so that messages, the start-up line and the endpoint all speak the same words.
 *
 * @author pooltune
 */
public enum PoolSetting {

	ENABLED("enabled", "true or false"),

	POOL_SIZE("pool-size", "a whole number from 1 to 100"),

	MAX_OVERFLOW("max-overflow", "a whole number from 0 to 100"),

	POOL_TIMEOUT("pool-timeout", "a duration of at least 1s; a bare number is seconds (30, 500ms, 2m)"),

	POOL_RECYCLE("pool-recycle",
			"-1 (never), or a duration of at least 30s, HikariCP's floor; a bare number is seconds (1800, 30m)"),

	POOL_PRE_PING("pool-pre-ping", "true or false"),

	PRESET("preset", "local, staging or production"),

	INSTANCES("instances", "a whole number from 1 to 1000"),

	RESERVED_CONNECTIONS("reserved-connections", "a whole number from 0 to 10000"),

	CAPACITY_CHECK("capacity-check", "warn, fail or off");

	private final String key;

	private final String allowedValues;

	PoolSetting(String key, String allowedValues) {
		this.key = key;
		this.allowedValues = allowedValues;
	}

	/** The property as written in {@code application.yml}: {@code db.pool-size}. */
	public String property() {
		return "db." + this.key;
	}

	/** The environment variable: {@code DB_POOL_SIZE}. */
	public String environmentVariable() {
		return property().replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
	}

	/** What the setting accepts, in words. */
	public String allowedValues() {
		return this.allowedValues;
	}

	/** Both spellings, as messages name a setting: {@code DB_POOL_SIZE (db.pool-size)}. */
	public String displayName() {
		return environmentVariable() + " (" + property() + ")";
	}

	/** The setting bound to the given property name, or {@code null}. */
	public static PoolSetting forProperty(String property) {
		for (PoolSetting setting : values()) {
			if (setting.property().equals(property)) {
				return setting;
			}
		}
		return null;
	}

}
