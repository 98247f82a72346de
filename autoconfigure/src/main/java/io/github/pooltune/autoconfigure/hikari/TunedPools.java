package io.github.pooltune.autoconfigure.hikari;

import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

import io.github.pooltune.autoconfigure.settings.PoolSettings;

/**
 * What a check of every pool reads: each pool of the context by bean name (tuned or only
 * observed), what pooltune did with each before it started, and the service's settings
 * ({@code db.*}: instances, reserved connections, the checks' modes and intervals).
 *
 * @param settings the service's settings, {@code db.*}
 * @param pools every pool, by bean name
 * @param tunings what pooltune did with each pool
 * @author pooltune
 */
public record TunedPools(PoolSettings settings, Map<String, HikariDataSource> pools, PoolTunings tunings) {

	/** What pooltune did with the pool of that bean name. */
	public PoolTuning tuning(String pool) {
		return this.tunings.get(pool);
	}

}
