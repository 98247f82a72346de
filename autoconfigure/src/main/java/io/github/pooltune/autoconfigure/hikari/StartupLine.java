package io.github.pooltune.autoconfigure.hikari;

import java.util.stream.Collectors;

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

	static String of(String beanName, PoolSettings settings, HikariConfig tuned) {
		String described = settings.all().stream().map(StartupLine::describe).collect(Collectors.joining(", "));
		return String.format(
				"Tuned HikariCP pool '%s': %s; at most %d connections (HikariCP maximumPoolSize=%d, minimumIdle=%d, "
						+ "connectionTimeout=%dms, validationTimeout=%dms, maxLifetime=%dms, idleTimeout=%dms, "
						+ "keepaliveTime=%dms)",
				beanName, described, settings.maxConnections(), tuned.getMaximumPoolSize(), tuned.getMinimumIdle(),
				tuned.getConnectionTimeout(), tuned.getValidationTimeout(), tuned.getMaxLifetime(),
				tuned.getIdleTimeout(), tuned.getKeepaliveTime());
	}

	private static String describe(ResolvedSetting<?> setting) {
		return setting.setting().property().substring("db.".length()) + "=" + setting.formattedValue() + " ("
				+ setting.source() + ")";
	}

}
