package io.github.pooltune.autoconfigure.settings;

/**
 * One setting given a value it does not accept.
 *
 * @param setting the setting
 * @param value the value as given, or {@code null} when unknown
 * @param source where it was given ({@code environment DB_POOL_SIZE})
 * @param allowed what is allowed, in words
 * @author pooltune
 */
public record InvalidSetting(PoolSetting setting, String value, String source, String allowed) {

	/** A value outside the setting's own range. */
	public InvalidSetting(PoolSetting setting, String value, String source) {
		this(setting, value, source, setting.allowedValues());
	}

	/** One line: what is wrong and what is allowed. */
	public String describe() {
		return String.format("%s is \"%s\" (from %s); allowed: %s", this.setting.displayName(), this.value,
				this.source, this.allowed);
	}

}
