package io.github.pooltune.autoconfigure.hikari;

import com.zaxxer.hikari.HikariConfig;

/**
 * Names a pool after its bean where the application gave it no name: HikariCP's log
 * lines and the {@code pool} tag of {@code hikaricp_*} and {@code db_pool_*} then say
 * {@code dataSource} instead of {@code HikariPool-1}, the name of the order in which the
 * pools happened to start.
 *
 * @author pooltune
 */
final class PoolNameDefault {

	private PoolNameDefault() {
	}

	/** Sets the bean name on a pool that has not started and has no name of its own. */
	static void applyTo(HikariConfig config, String beanName) {
		// HikariCP refuses a ':' in the name of a pool it registers with JMX.
		boolean jmxSafe = !config.isRegisterMbeans() || beanName.indexOf(':') < 0;
		if (config.getPoolName() == null && jmxSafe) {
			config.setPoolName(beanName);
		}
	}

}
