package io.github.pooltune.capacity;

import org.jspecify.annotations.Nullable;

/**
 * What the autopilot measured of one pool for one decision.
 *
 * @param maximum the running maximum (HikariCP's maximumPoolSize)
 * @param poolSize the floor: pool-size (HikariCP's minimumIdle)
 * @param checkedOut connections in use now
 * @param waiting threads waiting for a connection now
 * @param timeouts borrows that timed out since the last decision
 * @param demand the demand sampler's measure over the last few decisions, or
 * {@code null} before it has one
 * @param quietBefore how many decisions in a row before this one saw no thread wait
 * and no timeout
 * @param share the pool's share of its server as read now, or {@code null} when the
 * server could not be read
 * @author pooltune
 */
public record AutosizeInputs(int maximum, int poolSize, int checkedOut, int waiting, long timeouts,
		@Nullable Demand demand, int quietBefore, @Nullable FleetShare share) {

	/** Whether threads waited or borrows timed out: the pool held up its callers. */
	public boolean pressed() {
		return this.waiting > 0 || this.timeouts > 0;
	}

}
