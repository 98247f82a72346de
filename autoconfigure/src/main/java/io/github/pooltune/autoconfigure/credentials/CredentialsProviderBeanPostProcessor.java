package io.github.pooltune.autoconfigure.credentials;

import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Binds an application's {@link HikariCredentialsProvider} bean to its pool before the
 * pool starts, which Spring Boot does not do: HikariCP then asks it for the user and
 * password of every new connection, so rotated credentials (IAM tokens, Vault leases, a
 * changed password) reach the pool without a restart. The provider of pool bean
 * {@code x} is the bean named {@code xCredentialsProvider}; otherwise the one provider
 * bean of the context, if there is exactly one, goes to the pool named
 * {@code dataSource}, Spring Boot's. A pool that has a provider of its own, or has
 * started, keeps what it has.
 *
 * @author pooltune
 */
public final class CredentialsProviderBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

	static final String SUFFIX = "CredentialsProvider";

	private static final String BOOT_DATA_SOURCE_BEAN = "dataSource";

	private static final Log logger = LogFactory.getLog(CredentialsProviderBeanPostProcessor.class);

	private ListableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ListableBeanFactory) beanFactory;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource hikari && hikari.getCredentialsProvider() == null
				&& hikari.getHikariPoolMXBean() == null) {
			String provider = providerFor(beanName);
			if (provider != null) {
				hikari.setCredentialsProvider(this.beanFactory.getBean(provider, HikariCredentialsProvider.class));
				logger.info("HikariCP pool '" + beanName + "' takes the user and password of each new connection from "
						+ "bean '" + provider + "' (HikariCredentialsProvider)");
			}
		}
		return bean;
	}

	private String providerFor(String poolBeanName) {
		String[] providers = this.beanFactory.getBeanNamesForType(HikariCredentialsProvider.class, false, false);
		for (String provider : providers) {
			if (provider.equals(poolBeanName + SUFFIX)) {
				return provider;
			}
		}
		boolean onlyOne = providers.length == 1 && !namesAnotherPool(providers[0]);
		return (onlyOne && BOOT_DATA_SOURCE_BEAN.equals(poolBeanName)) ? providers[0] : null;
	}

	/** {@code xCredentialsProvider} where {@code x} is a pool bean: that pool's. */
	private boolean namesAnotherPool(String provider) {
		if (!provider.endsWith(SUFFIX)) {
			return false;
		}
		String pool = provider.substring(0, provider.length() - SUFFIX.length());
		return this.beanFactory.containsBean(pool) && this.beanFactory.isTypeMatch(pool, HikariDataSource.class);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
