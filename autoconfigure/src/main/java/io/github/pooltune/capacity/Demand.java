package io.github.pooltune.capacity;

import io.github.pooltune.autoconfigure.settings.Setting;

/**
 * A pool's measured demand over a window, and the sizes it calls for. Little's law: the
 * mean number of connections in use is the borrow rate times the mean lease time, which
 * is the leased time summed over the window divided by the window.
 *
 * @param windowSeconds how long it was measured over
 * @param samples how many samples of the pool's state it holds
 * @param borrows connections borrowed and returned in the window
 * @param borrowsPerSecond borrow rate
 * @param meanLeaseMillis mean time a connection was held
 * @param meanInUse mean connections in use (borrows per second × mean lease time)
 * @param peakDemand most connections in use plus threads waiting, in one sample
 * @param overflowShare share of samples with overflow connections in use, 0 to 1
 * @param recommendedPoolSize the mean in use with 25 % headroom (the gateway tuning
 * guide's buffer), within what {@link Setting#POOL_SIZE} accepts
 * @param recommendedMaxOverflow what the peak needs beyond that, with the same headroom,
 * within what {@link Setting#MAX_OVERFLOW} accepts
 * @author pooltune
 */
public record Demand(double windowSeconds, int samples, long borrows, double borrowsPerSecond,
		double meanLeaseMillis, double meanInUse, int peakDemand, double overflowShare, int recommendedPoolSize,
		int recommendedMaxOverflow) {

	/** The gateway tuning guide: "add 20-30% buffer for overhead". */
	static final double HEADROOM = 1.25;

	public static Demand of(double windowSeconds, int samples, long borrows, double leasedMillis, int peakDemand,
			double overflowShare) {
		double borrowsPerSecond = (windowSeconds > 0) ? borrows / windowSeconds : 0;
		double meanLeaseMillis = (borrows > 0) ? leasedMillis / borrows : 0;
		double meanInUse = borrowsPerSecond * meanLeaseMillis / 1000.0;
		int poolSize = Setting.POOL_SIZE.range().nearest((int) Math.ceil(meanInUse * HEADROOM));
		int maxOverflow = Setting.MAX_OVERFLOW.range().nearest((int) Math.ceil(peakDemand * HEADROOM) - poolSize);
		return new Demand(round(windowSeconds), samples, borrows, round(borrowsPerSecond), round(meanLeaseMillis),
				round(meanInUse), peakDemand, round(overflowShare), poolSize, maxOverflow);
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
