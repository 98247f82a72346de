package io.github.pooltune.autoconfigure.settings;

/**
 * One effective setting: its value and where it came from ({@code environment
 * DB_POOL_SIZE}, {@code application.yml}, {@code preset production}, {@code default}).
 *
 * @param <T> the value type
 * @param setting which setting
 * @param value the effective value
 * @param source where the value came from
 * @author pooltune
 */
public record ResolvedSetting<T>(PoolSetting setting, T value, String source) {

	/** The value as users write it: {@code 30s}, {@code 500ms}, {@code -1 (never)}, {@code 20}. */
	public String formattedValue() {
		if (this.value == null) {
			return "auto";
		}
		if (this.value instanceof java.time.Duration duration) {
			if (duration.equals(PoolSettings.NEVER)) {
				return "-1 (never)";
			}
			if (duration.isZero()) {
				return "0 (off)";
			}
			return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
		}
		if (this.value instanceof CapacityCheckMode mode) {
			return mode.value();
		}
		return String.valueOf(this.value);
	}

	/** Whether the user set it, directly rather than through a preset or the default. */
	public boolean isExplicit() {
		return !this.source.equals(PoolSettingsResolver.DEFAULT_SOURCE)
				&& !this.source.startsWith(PoolSettingsResolver.PRESET_SOURCE_PREFIX);
	}

}
