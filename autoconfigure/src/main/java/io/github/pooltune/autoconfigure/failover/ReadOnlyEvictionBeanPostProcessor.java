package io.github.pooltune.autoconfigure.failover;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Gives every HikariCP pool that has not started yet the {@link ReadOnlyServerEviction}
 * override, around the override the application set, if any.
 *
 * @author pooltune
 */
public final class ReadOnlyEvictionBeanPostProcessor implements BeanPostProcessor, Ordered {

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource hikari && hikari.getHikariPoolMXBean() == null
				&& hikari.getExceptionOverrideClassName() == null
				&& !(hikari.getExceptionOverride() instanceof ReadOnlyServerEviction)) {
			hikari.setExceptionOverride(new ReadOnlyServerEviction(hikari.getExceptionOverride()));
		}
		return bean;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
