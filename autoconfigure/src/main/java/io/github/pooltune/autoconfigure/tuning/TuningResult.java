package io.github.pooltune.autoconfigure.tuning;

import java.util.List;

/**
 * What a change to a running pool did.
 *
 * @param pool the pool's bean name
 * @param changes each setting that changed; empty when every value was already in force
 * @param hikari what HikariCP runs with now
 * @author pooltune
 */
public record TuningResult(String pool, List<Change> changes, HikariLiveValues hikari) {

	public TuningResult {
		changes = List.copyOf(changes);
	}

	/**
	 * One setting changed.
	 *
	 * @param setting the setting as a request names it: {@code maxOverflow}
	 * @param property the property that sets it at start-up: {@code db.max-overflow}
	 * @param from the value before, as users write it
	 * @param to the value now
	 * @param source what the endpoint shows as its source now: {@code runtime}
	 */
	public record Change(String setting, String property, String from, String to, String source) {
	}

}
