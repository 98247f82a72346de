package io.github.pooltune.autoconfigure.diagnostics;


import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.pooltune.autoconfigure.metrics.PoolTrackerContributor;
import io.github.pooltune.pool.PoolRegistry;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts the connections each thread holds in each pool ({@link HeldConnections}) and
 * names the borrows that time out on a thread that holds one ({@link DeadlockWarning}).
 *
 * @author pooltune
 */
record DeadlockDetection(PoolFindings findings, ObjectProvider<MeterRegistry> registry,
		ObjectProvider<PoolRegistry> pools) implements PoolTrackerContributor {

	@Override
	public IMetricsTracker create(String poolName, HikariDataSource dataSource) {
		return new HeldConnections(new DeadlockWarning(dataSource, () -> beanName(poolName, dataSource),
				this.findings.leaks(), this.findings.deadlocks(), this.registry.getIfAvailable()));
	}

	/** Looked up when a deadlock is seen: the pool starts before the registry of pools exists. */
	private String beanName(String poolName, HikariDataSource dataSource) {
		PoolRegistry registry = this.pools.getIfAvailable();
		String beanName = (registry != null) ? registry.beanNameOf(dataSource) : null;
		return (beanName != null) ? beanName : poolName;
	}

}
