package io.github.pooltune.autoconfigure.hikari;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;

import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.ResolvedSetting;
import io.github.pooltune.pool.PoolSnapshot;

/**
 * The one INFO line each pool gets at start-up. A tuned pool's: each setting with its
 * source, the connection ceiling, and what HikariCP will run with. A pool that keeps the
 * application's settings: that it is observed, and what HikariCP runs with. It holds no
 * URL, user or password.
 *
 * @author pooltune
 */
final class StartupLine {

	private StartupLine() {
	}

	/**
	 * The line of a tuned pool.
	 * @param section the pool's {@code db.pools} section, or {@code null} for {@code db.*}
	 */
	static String of(String beanName, PoolSettings settings, String section, HikariConfig tuned,
			List<String> driver) {
		String described = Stream.concat(settings.pool().stream(),
				settings.all().stream().filter((setting) -> shownWhenExplicit(setting, settings, section)))
			.map(StartupLine::describe)
			.collect(Collectors.joining(", "));
		String by = (section != null) ? " with db.pools." + section + ".*" : "";
		return String.format("Tuned HikariCP pool '%s'%s: %s; at most %d connections (%s%s)", beanName, by, described,
				settings.maxConnections(), hikari(tuned, tuned.getMinimumIdle()),
				driver.isEmpty() ? "" : "; driver " + String.join(", ", driver));
	}

	/** The line of a pool that keeps the application's settings. */
	static String observed(String beanName, HikariConfig config, boolean started) {
		String how = started ? "was started by the application before pooltune saw it, so it keeps the "
				+ "application's settings; pooltune observes it (health, the pooltune endpoint, the diagnostics; no "
				+ "db_pool_* metrics, which HikariCP takes only before a pool starts)"
				: "keeps the application's settings (no db.pools." + beanName + ".* section; db.* tunes Spring "
						+ "Boot's pool only); pooltune observes it";
		return String.format("HikariCP pool '%s' %s: at most %d connections (%s)", beanName, how,
				config.getMaximumPoolSize(), hikari(config, PoolSnapshot.minimumIdle(config)));
	}

	private static boolean shownWhenExplicit(ResolvedSetting<?> setting, PoolSettings settings, String section) {
		// A section's line is about the pool: the service's own settings are on Spring Boot's pool's line.
		return setting.isExplicit() && !settings.pool().contains(setting)
				&& (section == null || setting.setting().isPoolLevel());
	}

	private static String hikari(HikariConfig config, int minimumIdle) {
		return String.format("HikariCP maximumPoolSize=%d, minimumIdle=%d, connectionTimeout=%dms, "
				+ "validationTimeout=%dms, maxLifetime=%dms, idleTimeout=%dms, keepaliveTime=%dms, "
				+ "leakDetectionThreshold=%dms", config.getMaximumPoolSize(), minimumIdle,
				config.getConnectionTimeout(), config.getValidationTimeout(), config.getMaxLifetime(),
				config.getIdleTimeout(), config.getKeepaliveTime(), config.getLeakDetectionThreshold());
	}

	private static String describe(ResolvedSetting<?> setting) {
		return setting.setting().key() + "=" + setting.formattedValue() + " (" + setting.source() + ")";
	}

}
