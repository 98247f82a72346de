package io.github.pooltune.autoconfigure.hikari;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import com.zaxxer.hikari.HikariConfig;

import io.github.pooltune.autoconfigure.settings.SettingOrigins;

/**
 * Finds the {@code spring.datasource.hikari.*} properties that the user set explicitly to
 * a value pooltune replaces, so that start-up can say so once, naming both.
 *
 * @author pooltune
 */
final class HikariPropertyConflicts {

	private static final String PREFIX = "spring.datasource.hikari.";

	private HikariPropertyConflicts() {
	}

	/**
	 * Compares the values bound on the pool (before pooltune applies its own) with the
	 * tuning, for the properties set explicitly in the environment.
	 */
	static List<String> find(HikariConfig bound, HikariTuning tuning, SettingOrigins origins) {
		List<String> conflicts = new ArrayList<>();
		check(conflicts, origins, bound, tuning, "maximum-pool-size", HikariConfig::getMaximumPoolSize,
				HikariTuning::maximumPoolSize, "db.pool-size + db.max-overflow");
		check(conflicts, origins, bound, tuning, "minimum-idle", HikariConfig::getMinimumIdle,
				HikariTuning::minimumIdle, "db.pool-size");
		check(conflicts, origins, bound, tuning, "connection-timeout", HikariConfig::getConnectionTimeout,
				HikariTuning::connectionTimeout, "db.pool-timeout");
		check(conflicts, origins, bound, tuning, "max-lifetime", HikariConfig::getMaxLifetime,
				HikariTuning::maxLifetime, "db.pool-recycle");
		check(conflicts, origins, bound, tuning, "keepalive-time", HikariConfig::getKeepaliveTime,
				HikariTuning::keepaliveTime, "db.pool-keepalive or db.pool-pre-ping");
		if (tuning.leakDetectionThreshold() != null) {
			check(conflicts, origins, bound, tuning, "leak-detection-threshold",
					HikariConfig::getLeakDetectionThreshold, HikariTuning::leakDetectionThreshold,
					"db.pool-leak-threshold");
		}
		return conflicts;
	}

	/** Whether the user set {@code spring.datasource.hikari.idle-timeout} explicitly. */
	static boolean isIdleTimeoutExplicit(SettingOrigins origins) {
		return origins.find(PREFIX + "idle-timeout").isPresent();
	}

	private static void check(List<String> conflicts, SettingOrigins origins, HikariConfig bound, HikariTuning tuning,
			String key, ToLongFunction<HikariConfig> boundValue, ToLongFunction<HikariTuning> tunedValue,
			String pooltuneSettings) {
		origins.find(PREFIX + key).ifPresent((property) -> {
			long given = boundValue.applyAsLong(bound);
			long tuned = tunedValue.applyAsLong(tuning);
			if (given != tuned) {
				conflicts.add(String.format("%s%s=%d (%s) is replaced by %d from %s", PREFIX, key, given,
						SettingOrigins.describe(property), tuned, pooltuneSettings));
			}
		});
	}

}
