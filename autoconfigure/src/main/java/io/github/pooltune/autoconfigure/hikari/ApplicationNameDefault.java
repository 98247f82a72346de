package io.github.pooltune.autoconfigure.hikari;

import com.zaxxer.hikari.HikariConfig;

import io.github.pooltune.capacity.InstanceName;

import org.springframework.core.env.Environment;

/**
 * Names the pool's connections after the service and the instance: pgjdbc's
 * {@code ApplicationName} set to {@code <spring.application.name>#<host>:<pid>}
 * ({@link InstanceName}), so that {@code pg_stat_activity} groups them by service, as the
 * pooling guides' diagnostic queries expect, and each instance tells its own sessions
 * from its siblings', on one host or many. Every pool of one application context gets the
 * same name: together they are one instance. A name the user gave, in the URL or the data
 * source properties, is kept.
 *
 * @author pooltune
 */
final class ApplicationNameDefault {

	static final String PROPERTY = "ApplicationName";

	private final Environment environment;

	private volatile InstanceName name;

	ApplicationNameDefault(Environment environment) {
		this.environment = environment;
	}

	/** Sets the name when the user set none. */
	void applyTo(HikariConfig config) {
		if (!isSet(config)) {
			config.addDataSourceProperty(PROPERTY, name().applicationName());
		}
	}

	/** This context's name, made when its first pool is named. */
	InstanceName name() {
		InstanceName name = this.name;
		if (name == null) {
			synchronized (this) {
				name = this.name;
				if (name == null) {
					name = ThisInstance.name(this.environment.getProperty("spring.application.name", ""));
					this.name = name;
				}
			}
		}
		return name;
	}

	private static boolean isSet(HikariConfig config) {
		return DriverProperties.userValue(config, PROPERTY) != null;
	}

}
