package io.github.pooltune.autoconfigure.hikari;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What pooltune did with each {@code HikariDataSource} bean, by bean name, as
 * {@link PoolTuningBeanPostProcessor} recorded it: which settings tuned it, or that it
 * keeps the application's. The other parts of pooltune read it to name the right
 * settings for each pool.
 *
 * @author pooltune
 */
public final class PoolTunings {

	private final Map<String, PoolTuning> tunings = new LinkedHashMap<>();

	synchronized void add(PoolTuning tuning) {
		this.tunings.put(tuning.pool(), tuning);
	}

	/** What was done with the pool of that bean name; a pool pooltune never saw (a proxy's target, say) is observed. */
	public synchronized PoolTuning get(String pool) {
		PoolTuning tuning = this.tunings.get(pool);
		return (tuning != null) ? tuning : PoolTuning.observed(pool, false);
	}

	/** Every pool seen, in the order their beans were created. */
	public synchronized List<PoolTuning> all() {
		return new ArrayList<>(this.tunings.values());
	}

}
