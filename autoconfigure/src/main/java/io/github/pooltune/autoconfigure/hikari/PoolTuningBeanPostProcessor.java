package io.github.pooltune.autoconfigure.hikari;

import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.SettingOrigins;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Applies the pool settings to every {@link HikariDataSource} bean before its pool
 * starts: the one Spring Boot auto-configures and any the application builds itself.
 * Runs after Spring Boot has bound {@code spring.datasource.hikari.*}, so that
 * {@code db.*} wins. Other {@link DataSource} types are left alone, with one INFO line.
 *
 * @author pooltune
 */
public class PoolTuningBeanPostProcessor implements BeanPostProcessor, Ordered {

	private static final Log logger = LogFactory.getLog(PoolTuningBeanPostProcessor.class);

	private static final String BOOT_DATA_SOURCE_BEAN = "dataSource";

	private final ObjectProvider<PoolSettings> settings;

	private final Environment environment;

	public PoolTuningBeanPostProcessor(ObjectProvider<PoolSettings> settings, Environment environment) {
		this.settings = settings;
		this.environment = environment;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource hikari) {
			tune(hikari, beanName);
		}
		else if (bean instanceof DataSource) {
			logger.info(String.format("DataSource '%s' is a %s, not HikariCP: pooltune leaves it as it is", beanName,
					bean.getClass().getName()));
		}
		return bean;
	}

	private void tune(HikariDataSource hikari, String beanName) {
		if (hikari.getHikariPoolMXBean() != null) {
			throw new PoolAlreadyStartedException(beanName);
		}
		PoolNameDefault.applyTo(hikari, beanName);
		PoolSettings poolSettings = this.settings.getObject();
		SettingOrigins origins = new SettingOrigins(this.environment);
		HikariTuning tuning = HikariTuning.of(poolSettings);
		if (HikariPropertyConflicts.isIdleTimeoutExplicit(origins)) {
			tuning = tuning.withIdleTimeout(hikari.getIdleTimeout());
		}
		// Spring Boot binds spring.datasource.hikari.* to the bean named dataSource only.
		List<String> conflicts = BOOT_DATA_SOURCE_BEAN.equals(beanName)
				? HikariPropertyConflicts.find(hikari, tuning, origins) : List.of();
		tuning.applyTo(hikari);
		List<String> driver = List.of();
		if (DriverProperties.isPostgres(hikari)) {
			TransactionPooling pooling = TransactionPooling.of(poolSettings, hikari);
			driver = DriverProperties.of(poolSettings).applyTo(hikari);
			driver.addAll(pooling.applyTo(hikari, poolSettings, beanName));
			ApplicationNameDefault.applyTo(hikari, this.environment);
		}
		if (!conflicts.isEmpty()) {
			logger.warn("pooltune settings win over spring.datasource.hikari.* for pool '" + beanName + "': "
					+ String.join("; ", conflicts));
		}
		logger.info(StartupLine.of(beanName, poolSettings, hikari, driver));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
