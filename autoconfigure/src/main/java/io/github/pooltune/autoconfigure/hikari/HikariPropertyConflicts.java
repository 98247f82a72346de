package io.github.pooltune.autoconfigure.hikari;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import com.zaxxer.hikari.HikariConfig;

import io.github.pooltune.autoconfigure.settings.SettingOrigins;

/**
 * Finds the values the user gave a pool that pooltune replaces, so that start-up can say
 * so once, naming both: the {@code spring.datasource.hikari.*} properties set explicitly
 * for Spring Boot's pool, and what the application set on its own pool in code.
 *
 * @author pooltune
 */
final class HikariPropertyConflicts {

	private static final String PREFIX = "spring.datasource.hikari.";

	private HikariPropertyConflicts() {
	}

	/**
	 * Compares the values bound on the pool (before pooltune applies its own) with the
	 * tuning, for the {@code spring.datasource.hikari.*} properties set explicitly in the
	 * environment.
	 * @param section the pool's {@code db.pools} section, or {@code null} for {@code db.*}
	 */
	static List<String> find(HikariConfig bound, HikariTuning tuning, SettingOrigins origins, String section) {
		List<String> conflicts = new ArrayList<>();
		for (Value value : values(tuning, section)) {
			origins.find(PREFIX + value.property()).ifPresent((property) -> {
				long given = value.bound().applyAsLong(bound);
				long tuned = value.tuned().applyAsLong(tuning);
				if (given != tuned) {
					conflicts.add(String.format("%s%s=%d (%s) is replaced by %d from %s", PREFIX, value.property(),
							given, SettingOrigins.describe(property), tuned, value.settings()));
				}
			});
		}
		return conflicts;
	}

	/**
	 * Compares what the application set on its own pool, where it differs from HikariCP's
	 * defaults, with the tuning its section gives it.
	 */
	static List<String> findInCode(HikariConfig bound, HikariTuning tuning, String section) {
		HikariConfig defaults = new HikariConfig();
		List<String> conflicts = new ArrayList<>();
		for (Value value : values(tuning, section)) {
			long given = value.bound().applyAsLong(bound);
			long tuned = value.tuned().applyAsLong(tuning);
			if (given != value.bound().applyAsLong(defaults) && given != tuned) {
				conflicts.add(String.format("%s=%d is replaced by %d from %s", value.name(), given, tuned,
						value.settings()));
			}
		}
		return conflicts;
	}

	/** Whether the user set {@code spring.datasource.hikari.idle-timeout} explicitly. */
	static boolean isIdleTimeoutExplicit(SettingOrigins origins) {
		return origins.find(PREFIX + "idle-timeout").isPresent();
	}

	private static List<Value> values(HikariTuning tuning, String section) {
		String db = (section != null) ? "db.pools." + section + "." : "db.";
		List<Value> values = new ArrayList<>(List.of(
				new Value("maximum-pool-size", "maximumPoolSize", HikariConfig::getMaximumPoolSize,
						HikariTuning::maximumPoolSize, db + "pool-size + " + db + "max-overflow"),
				new Value("minimum-idle", "minimumIdle", HikariConfig::getMinimumIdle, HikariTuning::minimumIdle,
						db + "pool-size"),
				new Value("connection-timeout", "connectionTimeout", HikariConfig::getConnectionTimeout,
						HikariTuning::connectionTimeout, db + "pool-timeout"),
				new Value("max-lifetime", "maxLifetime", HikariConfig::getMaxLifetime, HikariTuning::maxLifetime,
						db + "pool-recycle"),
				new Value("keepalive-time", "keepaliveTime", HikariConfig::getKeepaliveTime,
						HikariTuning::keepaliveTime, db + "pool-keepalive or " + db + "pool-pre-ping")));
		if (tuning.leakDetectionThreshold() != null) {
			values.add(new Value("leak-detection-threshold", "leakDetectionThreshold",
					HikariConfig::getLeakDetectionThreshold, HikariTuning::leakDetectionThreshold,
					db + "pool-leak-threshold"));
		}
		return values;
	}

	/** One HikariCP value pooltune sets: its property, its name in code, how to read it, and the settings behind it. */
	private record Value(String property, String name, ToLongFunction<HikariConfig> bound,
			ToLongFunction<HikariTuning> tuned, String settings) {
	}

}
