package io.github.pooltune.autoconfigure.settings;

import org.jspecify.annotations.Nullable;

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
public record ResolvedSetting<T extends @Nullable Object>(Setting<T> setting, T value, String source) {

	/** The value as users write it: {@code 30s}, {@code 500ms}, {@code -1 (never)}, {@code 20}. */
	public String formattedValue() {
		return (this.value != null) ? this.setting.range().format(this.value) : "auto";
	}

	/** Whether the user set it, directly rather than through a preset or the default. */
	public boolean isExplicit() {
		return !this.source.equals(PoolSettings.DEFAULT_SOURCE)
				&& !this.source.startsWith(PoolSettings.PRESET_SOURCE_PREFIX);
	}

}
