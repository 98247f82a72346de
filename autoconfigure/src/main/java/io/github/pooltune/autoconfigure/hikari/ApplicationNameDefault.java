package io.github.pooltune.autoconfigure.hikari;

import com.zaxxer.hikari.HikariConfig;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Names the pool's connections after the service: pgjdbc's {@code ApplicationName} set
 * to {@code spring.application.name}, so that {@code pg_stat_activity} groups them by
 * service, as the pooling guides' diagnostic queries expect, and the capacity check can
 * count a fleet's live instances. A name the user gave, in the URL or the data source
 * properties, is kept.
 *
 * @author pooltune
 */
final class ApplicationNameDefault {

	static final String PROPERTY = "ApplicationName";

	private ApplicationNameDefault() {
	}

	/** Sets the name when the service has one and the user set none. */
	static void applyTo(HikariConfig config, Environment environment) {
		String name = environment.getProperty("spring.application.name");
		if (StringUtils.hasText(name) && !isSet(config)) {
			config.addDataSourceProperty(PROPERTY, name);
		}
	}

	private static boolean isSet(HikariConfig config) {
		return DriverProperties.userValue(config, PROPERTY) != null;
	}

}
