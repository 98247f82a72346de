package io.github.pooltune.autoconfigure.hikari;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.pooltune.autoconfigure.settings.PoolSettings;

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

	/**
	 * Records the settings a tuned pool runs with after a change while it runs (the
	 * {@code pooltune} endpoint's write, the autopilot), so that everything that names
	 * the pool's settings shows the new values and where they came from.
	 * @throws IllegalStateException if pooltune does not tune that pool
	 */
	public synchronized void retuned(String pool, PoolSettings settings) {
		PoolTuning tuning = this.tunings.get(pool);
		if (tuning == null || !tuning.tuned()) {
			throw new IllegalStateException("Pool '" + pool + "' is not tuned by pooltune");
		}
		this.tunings.put(pool, new PoolTuning(pool, settings, tuning.section(), tuning.autoConfigured(),
				tuning.startedByApplication()));
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
