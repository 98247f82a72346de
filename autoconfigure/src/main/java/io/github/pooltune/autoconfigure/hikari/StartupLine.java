package io.github.pooltune.autoconfigure.hikari;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;

import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.ResolvedSetting;

/**
 * The one INFO line a tuned pool gets at start-up: each setting with its source, the
 * connection ceiling, and what HikariCP will run with. It holds no URL, user or password.
 *
 * @author pooltune
 */
final class StartupLine {

	private StartupLine() {
	}

	static String of(String beanName, PoolSettings settings, HikariConfig tuned, List<String> driver) {
		String described = Stream.concat(settings.pool().stream(),
				settings.all().stream().filter((setting) -> setting.isExplicit() && !settings.pool().contains(setting)))
			.map(StartupLine::describe)
			.collect(Collectors.joining(", "));
		return String.format(
				"Tuned HikariCP pool '%s': %s; at most %d connections (HikariCP maximumPoolSize=%d, minimumIdle=%d, "
						+ "connectionTimeout=%dms, validationTimeout=%dms, maxLifetime=%dms, idleTimeout=%dms, "
						+ "keepaliveTime=%dms, leakDetectionThreshold=%dms%s)",
				beanName, described, settings.maxConnections(), tuned.getMaximumPoolSize(), tuned.getMinimumIdle(),
				tuned.getConnectionTimeout(), tuned.getValidationTimeout(), tuned.getMaxLifetime(),
				tuned.getIdleTimeout(), tuned.getKeepaliveTime(), tuned.getLeakDetectionThreshold(),
				driver.isEmpty() ? "" : "; driver " + String.join(", ", driver));
	}

	private static String describe(ResolvedSetting<?> setting) {
		return setting.setting().property().substring("db.".length()) + "=" + setting.formattedValue() + " ("
				+ setting.source() + ")";
	}

}
