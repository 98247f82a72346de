package io.github.pooltune.autoconfigure.failover;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.github.pooltune.autoconfigure.settings.ConditionalOnPooltuneEnabled;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for what a primary failover needs from the pool: connections to a server that turned
 * read-only are evicted, not handed out again.
 *
 * @author pooltune
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({ HikariDataSource.class, SQLExceptionOverride.class })
@ConditionalOnPooltuneEnabled
public final class FailoverAutoConfiguration {

	@Bean
	static ReadOnlyEvictionBeanPostProcessor pooltuneReadOnlyEvictionBeanPostProcessor() {
		return new ReadOnlyEvictionBeanPostProcessor();
	}

}
