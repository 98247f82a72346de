package io.github.pooltune.autoconfigure.credentials;

import com.zaxxer.hikari.HikariCredentialsProvider;
import io.github.pooltune.autoconfigure.settings.ConditionalOnPooltuneEnabled;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * that binds the application's {@link HikariCredentialsProvider} beans to their pools.
 *
 * @author pooltune
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(HikariCredentialsProvider.class)
@ConditionalOnPooltuneEnabled
public final class CredentialsAutoConfiguration {

	@Bean
	static CredentialsProviderBeanPostProcessor pooltuneCredentialsProviderBeanPostProcessor() {
		return new CredentialsProviderBeanPostProcessor();
	}

}
