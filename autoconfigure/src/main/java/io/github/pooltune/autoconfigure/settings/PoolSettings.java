package io.github.pooltune.autoconfigure.settings;

import java.time.Duration;
import java.util.List;

/**
 * The validated, effective pool settings in SQLAlchemy's terms, each with its source.
 * Built once at start-up by {@link PoolSettingsResolver}; never re-read afterwards.
 *
 * @param poolSize connections kept open
 * @param maxOverflow extra connections allowed under load
 * @param poolTimeout longest wait for a connection
 * @param poolRecycle longest life of a connection, or {@link #NEVER}
 * @param poolPrePing whether idle connections are also pinged in the background
 * @param preset the preset in force, or {@code null}
 * @param instances how many instances of the service share the database
 * @param reservedConnections server slots kept free for others
 * @param capacityCheck what the capacity check does when the fleet does not fit
 * @author pooltune
 */
public record PoolSettings(ResolvedSetting<Integer> poolSize, ResolvedSetting<Integer> maxOverflow,
		ResolvedSetting<Duration> poolTimeout, ResolvedSetting<Duration> poolRecycle,
		ResolvedSetting<Boolean> poolPrePing, Preset preset, ResolvedSetting<Integer> instances,
		ResolvedSetting<Integer> reservedConnections, ResolvedSetting<CapacityCheckMode> capacityCheck) {

	/** {@code pool-recycle} value that means connections are never recycled. */
	public static final Duration NEVER = Duration.ofSeconds(-1);

	/** The most connections one instance may open: pool-size + max-overflow. */
	public int maxConnections() {
		return this.poolSize.value() + this.maxOverflow.value();
	}

	/** Whether connections are recycled at all. */
	public boolean recycles() {
		return !NEVER.equals(this.poolRecycle.value());
	}

	/** The five pool settings, in the order users list them. */
	public List<ResolvedSetting<?>> all() {
		return List.of(this.poolSize, this.maxOverflow, this.poolTimeout, this.poolRecycle, this.poolPrePing);
	}

	/** The settings of the capacity check. */
	public List<ResolvedSetting<?>> capacity() {
		return List.of(this.instances, this.reservedConnections, this.capacityCheck);
	}

}
