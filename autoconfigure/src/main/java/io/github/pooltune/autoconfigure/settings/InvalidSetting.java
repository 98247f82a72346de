package io.github.pooltune.autoconfigure.settings;

import org.jspecify.annotations.Nullable;

/**
 * One setting given a value it does not accept.
 *
 * @param setting the setting, or {@code null} for a key that names none
 * @param property the property as it was given: {@code db.pool-size},
 * {@code db.pools.audit.pool-size}
 * @param pool the pool whose section holds it or that inherits it, or {@code null} for
 * Spring Boot's pool and the service's settings ({@code db.*})
 * @param value the value as given, or {@code null} when unknown
 * @param source where it was given ({@code environment DB_POOL_SIZE})
 * @param allowed what is allowed, in words
 * @author pooltune
 */
public record InvalidSetting(@Nullable Setting<?> setting, String property, @Nullable String pool,
		@Nullable String value, String source, String allowed) {

	/** A {@code db.*} value outside the setting's own range. */
	public InvalidSetting(Setting<?> setting, String value, String source) {
		this(setting, value, source, setting.allowedValues());
	}

	/** A {@code db.*} value that is not allowed, for the given reason. */
	public InvalidSetting(Setting<?> setting, String value, String source, String allowed) {
		this(setting, setting.property(), null, value, source, allowed);
	}

	/** Both spellings: {@code DB_POOLS_AUDIT_POOL_SIZE (db.pools.audit.pool-size)}. */
	public String displayName() {
		return Setting.displayNameOf(this.property);
	}

	/** One line: which pool, what is wrong and what is allowed. */
	public String describe() {
		String pool = (this.pool != null) ? "pool '" + this.pool + "': " : "";
		return String.format("%s%s is \"%s\" (from %s); allowed: %s", pool, displayName(), this.value, this.source,
				this.allowed);
	}

}
