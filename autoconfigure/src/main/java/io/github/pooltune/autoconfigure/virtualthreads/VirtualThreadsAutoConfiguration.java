package io.github.pooltune.autoconfigure.virtualthreads;

import com.zaxxer.hikari.HikariDataSource;

import io.github.pooltune.autoconfigure.settings.ConditionalOnPooltuneEnabled;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the check of the HikariCP release under virtual threads. Only with Spring Boot's
 * {@code spring.threads.virtual.enabled=true}; the Java version (Boot runs virtual
 * threads from Java 21) is checked by {@link RuntimeVersions}, so that a test on an
 * older Java can state a newer one.
 *
 * @author pooltune
 */
@AutoConfiguration
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnPooltuneEnabled
@ConditionalOnBooleanProperty("spring.threads.virtual.enabled")
public final class VirtualThreadsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RuntimeVersions pooltuneRuntimeVersions() {
		return RuntimeVersions.current();
	}

	@Bean
	VirtualThreadHikariCheck pooltuneVirtualThreadHikariCheck(RuntimeVersions versions) {
		return new VirtualThreadHikariCheck(versions);
	}

}
