package io.github.pooltune.autoconfigure.hikari;

import java.lang.reflect.Method;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.type.MethodMetadata;

/**
 * Tells Spring Boot's auto-configured pool from the application's own: the bean that
 * the {@code dataSource} method of Spring Boot's
 * {@code DataSourceConfiguration.Hikari} creates, with or without a
 * {@code @ServiceConnection} (its {@code JdbcConnectionDetails} reach the same method).
 * Known by the bean definition's factory method, not by the bean's name, since an
 * application may name its own pool {@code dataSource} too.
 *
 * @author pooltune
 */
final class AutoConfiguredPool {

	/** Package-private in Spring Boot 4.1, so named here rather than referenced. */
	static final String FACTORY_CLASS = "org.springframework.boot.jdbc.autoconfigure.DataSourceConfiguration$Hikari";

	private AutoConfiguredPool() {
	}

	/** Whether the bean of that name is Spring Boot's auto-configured HikariCP pool. */
	static boolean is(ConfigurableListableBeanFactory beanFactory, String beanName) {
		if (beanFactory == null || !beanFactory.containsBeanDefinition(beanName)) {
			return false;
		}
		BeanDefinition definition = beanFactory.getBeanDefinition(beanName);
		if (definition instanceof AnnotatedBeanDefinition annotated) {
			MethodMetadata factoryMethod = annotated.getFactoryMethodMetadata();
			if (factoryMethod != null) {
				return FACTORY_CLASS.equals(factoryMethod.getDeclaringClassName());
			}
		}
		// Ahead-of-time processed contexts keep the resolved method instead of the metadata.
		if (definition instanceof RootBeanDefinition root) {
			Method factoryMethod = root.getResolvedFactoryMethod();
			return factoryMethod != null && FACTORY_CLASS.equals(factoryMethod.getDeclaringClass().getName());
		}
		return false;
	}

}
