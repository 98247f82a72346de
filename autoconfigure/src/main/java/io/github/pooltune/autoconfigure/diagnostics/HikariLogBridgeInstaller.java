package io.github.pooltune.autoconfigure.diagnostics;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Installs the {@link HikariLogBridge} as soon as a {@link DataSource} bean is ready, so
 * that it reads HikariCP's very first connection attempt. A pool starts on its first
 * borrow, and an application's own bean may ask for one (through Flyway, say) before any
 * auto-configured bean exists; without this, the first failure at start-up would go
 * unexplained in the log.
 *
 * @author pooltune
 */
final class HikariLogBridgeInstaller implements BeanPostProcessor {

	private final ObjectProvider<HikariLogBridge> bridge;

	HikariLogBridgeInstaller(ObjectProvider<HikariLogBridge> bridge) {
		this.bridge = bridge;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource) {
			// Creating the bridge bean installs it; later calls return the same bean.
			this.bridge.getIfAvailable();
		}
		return bean;
	}

}
