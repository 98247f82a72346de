package io.github.pooltune.capacity;

import io.github.pooltune.capacity.AutosizeDecision.Direction;

/**
 * The autopilot's rule, pure arithmetic over what it measured ({@link AutosizeInputs}):
 * <ul>
 * <li>Above its share of the server (others took connections, siblings started): down
 * to the share at once, never below pool-size; the connections open beyond it close at
 * once when the server has fewer free slots than they are.</li>
 * <li>Threads wait or borrows timed out, and the server has room: up to what is asked
 * for now (in use plus waiting) or the sampler's peak, with 25 % headroom, at least one
 * more, within the share and the server's free slots; not while HikariCP is still
 * opening the connections of the last raise and no borrow timed out.</li>
 * <li>No thread waited for {@link #QUIET_DECISIONS} decisions in a row: down to the
 * sampler's peak (or its mean, when higher) with the same headroom, never below
 * pool-size, and only when that is at least a tenth below the maximum.</li>
 * </ul>
 * Growing is at once and shrinking only after a quiet spell, to a size above the peak
 * seen: the hysteresis that keeps it from flapping.
 *
 * @author pooltune
 */
public final class AutosizePolicy {

	/** Decisions in a row without a wait before the maximum comes down. */
	public static final int QUIET_DECISIONS = 3;

	private AutosizePolicy() {
	}

	public static AutosizeDecision decide(AutosizeInputs in) {
		int maximum = in.maximum();
		FleetShare share = in.share();
		if (share == null) {
			return hold(in, -1, "the server could not be read: no pool connection came free within the interval");
		}
		int ceiling = Math.max(in.poolSize(), share.ceiling());
		if (maximum > ceiling) {
			// Closing every connection to shed a few costs more than it gives, while the server has room.
			boolean closeExcess = share.open() - ceiling > Math.max(0, share.free());
			return new AutosizeDecision(Direction.DOWN, maximum, ceiling, ceiling,
					"above this instance's " + share.describe() + floorNote(in, share.ceiling()), closeExcess);
		}
		if (in.pressed()) {
			return grow(in, share, ceiling);
		}
		return shrink(in, ceiling);
	}

	private static AutosizeDecision grow(AutosizeInputs in, FleetShare share, int ceiling) {
		int limit = Math.max(in.poolSize(), share.growthCeiling());
		String pressure = pressure(in);
		if (in.maximum() >= limit) {
			String why = (limit < ceiling) ? "the server has " + Math.max(0, share.free())
					+ " free slots beyond the reserve, " + share.describe() : "the pool is at this instance's "
							+ share.describe();
			return hold(in, ceiling, pressure + ", but " + why);
		}
		if (share.open() < in.maximum() && in.timeouts() == 0) {
			// The last raise is still being filled: HikariCP opens connections one at a time.
			return hold(in, ceiling, pressure + ", while HikariCP opens connections up to the maximum ("
					+ share.open() + " open)");
		}
		int asked = in.checkedOut() + in.waiting();
		if (in.demand() != null) {
			asked = Math.max(asked, in.demand().peakDemand());
		}
		int wanted = withHeadroom(asked);
		int to = Math.min(limit, Math.max(in.maximum() + 1, wanted));
		String bound = "";
		if (to < wanted) {
			bound = (to < ceiling) ? ", held to the server's " + Math.max(0, share.free()) + " free slots" : ", held to this instance's share";
		}
		return new AutosizeDecision(Direction.UP, in.maximum(), to, ceiling, pressure + "; " + asked
				+ " asked for, " + wanted + " with 25 % headroom" + bound + "; " + share.describe(),
				false);
	}

	private static AutosizeDecision shrink(AutosizeInputs in, int ceiling) {
		int quiet = in.quietBefore() + 1;
		if (quiet < QUIET_DECISIONS) {
			return hold(in, ceiling, "no thread waited for " + quiet + " of " + QUIET_DECISIONS + " decisions");
		}
		Demand demand = in.demand();
		int peak = Math.max(in.checkedOut(), (demand != null) ? demand.peakDemand() : 0);
		double mean = (demand != null) ? demand.meanInUse() : in.checkedOut();
		int target = Math.max(in.poolSize(), withHeadroom(Math.max(peak, mean)));
		int margin = Math.max(1, in.maximum() / 10);
		String measured = String.format("no thread waited for %d decisions, peak %d in use, %.1f on average", quiet,
				peak, mean);
		if (in.maximum() - target < margin) {
			return hold(in, ceiling, measured + ": the maximum fits the demand");
		}
		return new AutosizeDecision(Direction.DOWN, in.maximum(), target, ceiling, measured + ", "
				+ ((target == in.poolSize() && withHeadroom(Math.max(peak, mean)) < target) ? "down to pool-size"
						: withHeadroom(Math.max(peak, mean)) + " with 25 % headroom"), false);
	}

	private static String pressure(AutosizeInputs in) {
		String timeouts = (in.timeouts() > 0) ? ", " + in.timeouts() + " borrow" + ((in.timeouts() != 1) ? "s" : "")
				+ " timed out" : "";
		return in.waiting() + " thread" + ((in.waiting() != 1) ? "s" : "") + " waiting" + timeouts + ", "
				+ in.checkedOut() + " of " + in.maximum() + " in use";
	}

	private static String floorNote(AutosizeInputs in, int share) {
		return (share < in.poolSize()) ? "; held at pool-size " + in.poolSize() + ", the floor" : "";
	}

	private static int withHeadroom(double demand) {
		return (int) Math.ceil(demand * Demand.HEADROOM);
	}

	private static AutosizeDecision hold(AutosizeInputs in, int ceiling, String reason) {
		return new AutosizeDecision(Direction.HOLD, in.maximum(), in.maximum(), ceiling, reason, false);
	}

}
