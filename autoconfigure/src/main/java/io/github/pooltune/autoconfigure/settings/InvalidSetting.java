package io.github.pooltune.autoconfigure.settings;

/**
 * One setting given a value it does not accept.
 *
 * @param setting the setting
 * @param value the value as given, or {@code null} when unknown
 * @param source where it was given ({@code environment DB_POOL_SIZE})
 * @author pooltune
 */
public record InvalidSetting(PoolSetting setting, String value, String source) {

	/** One line: what is wrong and what is allowed. */
	public String describe() {
		return String.format("%s is \"%s\" (from %s); allowed: %s", this.setting.displayName(), this.value,
				this.source, this.setting.allowedValues());
	}

}
