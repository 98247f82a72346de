package io.github.pooltune.autoconfigure.hikari;

import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.pooltune.autoconfigure.settings.PoolSections;
import io.github.pooltune.autoconfigure.settings.PoolSections.Section;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.SettingOrigins;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Tunes each {@link HikariDataSource} bean before its pool starts, with the settings
 * meant for it: {@code db.*} for the pool Spring Boot auto-configures, and a
 * {@code db.pools.<bean-name>.*} section for any pool, the application's own included.
 * A pool with no settings meant for it keeps what the application set, and is observed
 * like the others. Runs after Spring Boot has bound {@code spring.datasource.hikari.*},
 * so that {@code db.*} wins. Other {@link DataSource} types are left alone, with one
 * INFO line.
 *
 * @author pooltune
 */
public class PoolTuningBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

	private static final Log logger = LogFactory.getLog(PoolTuningBeanPostProcessor.class);

	private final ObjectProvider<PoolSections> sections;

	private final ObjectProvider<PoolTunings> tunings;

	private final Environment environment;

	private final ApplicationNameDefault applicationName;

	private ConfigurableListableBeanFactory beanFactory;

	public PoolTuningBeanPostProcessor(ObjectProvider<PoolSections> sections, ObjectProvider<PoolTunings> tunings,
			Environment environment) {
		this.sections = sections;
		this.tunings = tunings;
		this.environment = environment;
		this.applicationName = new ApplicationNameDefault(environment);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource hikari) {
			this.tunings.getObject().add(tuneOrObserve(hikari, beanName));
		}
		else if (bean instanceof DataSource) {
			logger.info(String.format("DataSource '%s' is a %s, not HikariCP: pooltune leaves it as it is", beanName,
					bean.getClass().getName()));
		}
		return bean;
	}

	private PoolTuning tuneOrObserve(HikariDataSource hikari, String beanName) {
		PoolSections sections = this.sections.getObject();
		Section section = sections.find(beanName);
		boolean autoConfigured = AutoConfiguredPool.is(this.beanFactory, beanName);
		if (section != null) {
			return tune(hikari, beanName, section.settings(), section.name(), autoConfigured);
		}
		if (autoConfigured) {
			return tune(hikari, beanName, sections.defaults(), null, true);
		}
		return observe(hikari, beanName);
	}

	private PoolTuning tune(HikariDataSource hikari, String beanName, PoolSettings settings, String section,
			boolean autoConfigured) {
		PoolTuning tuning = new PoolTuning(beanName, settings, section, autoConfigured, false);
		if (hikari.getHikariPoolMXBean() != null) {
			throw new PoolAlreadyStartedException(beanName, tuning.tunedBy());
		}
		PoolNameDefault.applyTo(hikari, beanName);
		SettingOrigins origins = new SettingOrigins(this.environment);
		HikariTuning values = HikariTuning.of(settings);
		// Spring Boot binds spring.datasource.hikari.* to its own pool only.
		if (autoConfigured && HikariPropertyConflicts.isIdleTimeoutExplicit(origins)) {
			values = values.withIdleTimeout(hikari.getIdleTimeout());
		}
		List<String> conflicts = autoConfigured ? HikariPropertyConflicts.find(hikari, values, origins, section)
				: HikariPropertyConflicts.findInCode(hikari, values, section);
		values.applyTo(hikari);
		List<String> driver = List.of();
		if (DriverProperties.isPostgres(hikari)) {
			TransactionPooling pooling = TransactionPooling.of(settings, hikari);
			driver = DriverProperties.of(settings).applyTo(hikari);
			driver.addAll(pooling.applyTo(hikari, settings, beanName));
			this.applicationName.applyTo(hikari);
		}
		if (!conflicts.isEmpty()) {
			String replaced = autoConfigured ? "spring.datasource.hikari.*" : "the application's own settings";
			logger.warn("pooltune settings win over " + replaced + " for pool '" + beanName + "': "
					+ String.join("; ", conflicts));
		}
		logger.info(StartupLine.of(beanName, settings, section, hikari, driver));
		return tuning;
	}

	/**
	 * Leaves the application's settings as they are. Where the application gave none,
	 * names the pool after its bean and its connections after the service and this
	 * instance, as for a tuned pool, so that logs, metrics and pg_stat_activity say whose they are.
	 */
	private PoolTuning observe(HikariDataSource hikari, String beanName) {
		boolean started = hikari.getHikariPoolMXBean() != null;
		if (!started) {
			PoolNameDefault.applyTo(hikari, beanName);
			if (DriverProperties.isPostgres(hikari)) {
				this.applicationName.applyTo(hikari);
			}
		}
		logger.info(StartupLine.observed(beanName, hikari, started));
		return PoolTuning.observed(beanName, started);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
