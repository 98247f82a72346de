package io.github.pooltune.autoconfigure.hikari;

import io.github.pooltune.autoconfigure.settings.AutosizeMode;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.Setting;

/**
 * What pooltune did with one {@code HikariDataSource} bean before it started: tuned it
 * with {@code db.*} (Spring Boot's pool) or with its own {@code db.pools.<name>.*}
 * section, or left it with the application's settings and only observes it.
 *
 * @param pool the bean name
 * @param settings the settings the pool was tuned with, or {@code null} when it keeps the
 * application's
 * @param section the name of the pool's {@code db.pools} section, or {@code null} for
 * {@code db.*} and for a pool that is not tuned
 * @param autoConfigured whether it is Spring Boot's auto-configured pool
 * @param startedByApplication whether its pool had already started when pooltune saw it
 * @author pooltune
 */
public record PoolTuning(String pool, PoolSettings settings, String section, boolean autoConfigured,
		boolean startedByApplication) {

	/** A pool that keeps the application's settings. */
	static PoolTuning observed(String pool, boolean startedByApplication) {
		return new PoolTuning(pool, null, null, false, startedByApplication);
	}

	/** Whether pooltune tuned it. */
	public boolean tuned() {
		return this.settings != null;
	}

	/** Its {@code pool-autosize}: its own setting when pooltune tuned it; a pool the application sizes is left alone. */
	public AutosizeMode autosize() {
		return tuned() ? this.settings.value(Setting.POOL_AUTOSIZE) : AutosizeMode.OFF;
	}

	/** Which settings tuned it, as users write them: {@code db.*}, {@code db.pools.audit.*}; {@code null} if none. */
	public String tunedBy() {
		if (!tuned()) {
			return null;
		}
		return (this.section != null) ? Setting.SECTIONS + "." + this.section + ".*" : "db.*";
	}

	/** The environment variable that sets the given setting of this pool: {@code DB_POOLS_AUDIT_POOL_SIZE}. */
	public String environmentVariable(Setting<?> setting) {
		return setting.environmentVariable(this.section);
	}

}
