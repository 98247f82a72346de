package io.github.pooltune.autoconfigure.diagnostics;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;

import io.github.pooltune.autoconfigure.ConditionalOnPools;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.metrics.PoolTrackerContributor;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.Setting;
import io.github.pooltune.pool.PoolRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for the diagnostics: leaks, failures to open connections and exhausted pools explained,
 * threads deadlocked with themselves by a nested borrow, this instance's slow and
 * idle-in-transaction sessions, connections held idle, and the server timeouts that close
 * pooled connections.
 *
 * @author pooltune
 */
@AutoConfiguration(after = { PooltuneAutoConfiguration.class, DataSourceAutoConfiguration.class })
@ConditionalOnPools
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
	PoolDeadlocks pooltunePoolDeadlocks() {
		return new PoolDeadlocks();
	}

	@Bean
	@ConditionalOnMissingBean
	SessionCheck pooltuneSessionCheck(PoolSettings settings, PoolRegistry pools) {
		return new SessionCheck(settings, pools.pools());
	}

	@Bean
	@ConditionalOnMissingBean
	DiagnosticsChecks pooltuneDiagnosticsChecks(PoolSettings settings, PoolRegistry pools, SessionCheck sessions) {
		return new DiagnosticsChecks(settings, pools.pools(), sessions);
	}

	@Bean
	@ConditionalOnMissingBean
	IdleHolderCheck pooltuneIdleHolderCheck(PoolSettings settings, PoolRegistry pools, ListableBeanFactory beans,
			Environment environment) {
		return new IdleHolderCheck(pools.pools(), settings.value(Setting.DIAGNOSTICS_INTERVAL),
				new OpenInView(beans, environment));
	}

	@Bean
	@ConditionalOnMissingBean
	PoolFindings pooltunePoolFindings(LeakRegistry leaks, ConnectionFailures failures, PoolDeadlocks deadlocks,
			SessionCheck sessions, IdleHolderCheck idleHolders, DiagnosticsChecks checks) {
		return new PoolFindings(leaks, failures, deadlocks, sessions, idleHolders, checks);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class PoolTrackerConfiguration {

		@Bean
		RefusedConnectionsMetrics pooltuneRefusedConnectionsMetrics(ConnectionFailures failures,
				ObjectProvider<MeterRegistry> registry) {
			return new RefusedConnectionsMetrics(failures, registry);
		}

		@Bean
		PoolTrackerContributor pooltuneExhaustionWarning(PoolFindings findings) {
			return (poolName, dataSource) -> new ExhaustionWarning(poolName, dataSource, findings);
		}

		@Bean
		PoolTrackerContributor pooltuneDeadlockDetection(PoolFindings findings, ObjectProvider<MeterRegistry> registry,
				ObjectProvider<PoolRegistry> pools) {
			return new DeadlockDetection(findings, registry, pools);
		}

		@Bean
		PoolGauge<SessionCheck> pooltuneIdleInTransactionMetrics(SessionCheck sessions,
				ObjectProvider<MeterRegistry> registry) {
			return PoolGauge.idleInTransaction(sessions, registry);
		}

		@Bean
		PoolGauge<IdleHolderCheck> pooltuneIdleHolderMetrics(IdleHolderCheck idleHolders,
				ObjectProvider<MeterRegistry> registry) {
			return PoolGauge.idleHolders(idleHolders, registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "ch.qos.logback.classic.LoggerContext")
	static class HikariLogBridgeConfiguration {

		@Bean
		static HikariLogBridgeInstaller pooltuneHikariLogBridgeInstaller(ObjectProvider<HikariLogBridge> bridge) {
			return new HikariLogBridgeInstaller(bridge);
		}

		// Created while the first DataSource bean is post-processed: the pools are read when a leak is seen.
		@Bean(destroyMethod = "uninstall")
		HikariLogBridge pooltuneHikariLogBridge(LeakRegistry leaks, ConnectionFailures failures,
				ObjectProvider<PoolRegistry> pools) {
			return HikariLogBridge.install(leaks, failures, (poolName) -> {
				PoolRegistry registry = pools.getIfAvailable();
				String beanName = (registry != null) ? registry.beanNameOf(poolName) : null;
				return (beanName != null) ? registry.get(beanName).getLeakDetectionThreshold() : 0;
			});
		}

	}

}
