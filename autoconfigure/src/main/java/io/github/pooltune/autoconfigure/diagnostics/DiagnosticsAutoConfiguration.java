package io.github.pooltune.autoconfigure.diagnostics;

import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.PooltuneScheduler;
import io.github.pooltune.autoconfigure.hikari.HikariPools;
import io.github.pooltune.autoconfigure.metrics.PoolTrackerContributor;
import io.github.pooltune.autoconfigure.settings.ConditionalOnPooltuneEnabled;
import io.github.pooltune.autoconfigure.settings.PoolSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the diagnostics: leaks, failures to open connections and exhausted pools explained,
 * this service's slow and idle-in-transaction sessions, and the server timeouts that
 * close pooled connections.
 *
 * @author pooltune
 */
@AutoConfiguration(after = { PooltuneAutoConfiguration.class, DataSourceAutoConfiguration.class })
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnPooltuneEnabled
@ConditionalOnBean({ PoolSettings.class, DataSource.class })
public final class DiagnosticsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LeakRegistry pooltuneLeakRegistry() {
		return new LeakRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	ConnectionFailures pooltuneConnectionFailures() {
		return new ConnectionFailures();
	}

	@Bean
	@ConditionalOnMissingBean
	SessionCheck pooltuneSessionCheck(PoolSettings settings, ConfigurableListableBeanFactory beanFactory) {
		return new SessionCheck(settings, HikariPools.of(beanFactory));
	}

	@Bean
	@ConditionalOnMissingBean
	DiagnosticsChecks pooltuneDiagnosticsChecks(PoolSettings settings, ConfigurableListableBeanFactory beanFactory,
			SessionCheck sessions, PooltuneScheduler scheduler) {
		DiagnosticsChecks checks = new DiagnosticsChecks(settings, HikariPools.of(beanFactory), sessions);
		checks.scheduleOn(scheduler);
		return checks;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class PoolTrackerConfiguration {

		@Bean
		PoolTrackerContributor pooltuneExhaustionWarning(LeakRegistry leaks, ConnectionFailures failures,
				SessionCheck sessions) {
			return (poolName, dataSource) -> new ExhaustionWarning(poolName, dataSource, leaks, failures, sessions);
		}

		@Bean
		IdleInTransactionMetrics pooltuneIdleInTransactionMetrics(SessionCheck sessions,
				ObjectProvider<MeterRegistry> registry) {
			return new IdleInTransactionMetrics(sessions, registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "ch.qos.logback.classic.LoggerContext")
	static class HikariLogBridgeConfiguration {

		@Bean(destroyMethod = "uninstall")
		HikariLogBridge pooltuneHikariLogBridge(LeakRegistry leaks, ConnectionFailures failures,
				ConfigurableListableBeanFactory beanFactory) {
			Map<String, HikariDataSource> pools = HikariPools.of(beanFactory);
			// HikariCP's leak line names no pool: the smallest threshold keeps "held at least this long" true.
			return HikariLogBridge.install(leaks, failures, () -> pools.values()
				.stream()
				.mapToLong(HikariDataSource::getLeakDetectionThreshold)
				.filter((threshold) -> threshold > 0)
				.min()
				.orElse(0));
		}

	}

}
