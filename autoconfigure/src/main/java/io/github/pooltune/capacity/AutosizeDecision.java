package io.github.pooltune.capacity;

import java.util.Locale;

/**
 * What the autopilot decided for one pool, and why.
 *
 * @param direction up, down, or hold
 * @param from the maximum before
 * @param to the maximum after (the same when it holds)
 * @param ceiling the most the pool could have had: its share of the server, never below
 * pool-size; -1 when the server could not be read
 * @param reason why, with the numbers
 * @param closeExcess whether the connections open beyond the new maximum must close now,
 * not when they have idled: the share fell below what the pool holds (others took
 * connections, siblings started) and the server has fewer free slots than that excess
 * @author pooltune
 */
public record AutosizeDecision(Direction direction, int from, int to, int ceiling, String reason, boolean closeExcess) {

	/** Whether the maximum changes. */
	public boolean changes() {
		return this.direction != Direction.HOLD;
	}

	/** Which way the maximum goes. */
	public enum Direction {

		UP, DOWN, HOLD;

		/** As meters and the endpoint name it: {@code up}. */
		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
