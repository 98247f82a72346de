package io.github.pooltune.autoconfigure.capacity;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;

import org.jspecify.annotations.Nullable;
import io.github.pooltune.capacity.Demand;

/**
 * The samples of one pool's state over a sliding window, and the {@link Demand} they
 * show.
 *
 * @author pooltune
 */
final class DemandWindow {

	private final long windowNanos;

	private final Deque<Sample> samples = new ArrayDeque<>();

	DemandWindow(Duration window) {
		this.windowNanos = window.toNanos();
	}

	synchronized void add(Sample sample) {
		this.samples.addLast(sample);
		while (sample.nanos() - this.samples.peekFirst().nanos() > this.windowNanos) {
			this.samples.removeFirst();
		}
	}

	/** The demand over the window, or {@code null} before there are two samples. */
	synchronized @Nullable Demand demand() {
		return demand(this.samples);
	}

	/** The demand over the most recent part of the window, or {@code null} before there are two samples in it. */
	synchronized @Nullable Demand demand(Duration recent) {
		if (this.samples.isEmpty()) {
			return null;
		}
		long since = this.samples.peekLast().nanos() - recent.toNanos();
		return demand(this.samples.stream().filter((sample) -> sample.nanos() >= since).toList());
	}

	private static @Nullable Demand demand(Collection<Sample> samples) {
		if (samples.size() < 2) {
			return null;
		}
		Sample first = null;
		Sample last = null;
		int peak = 0;
		int withOverflow = 0;
		for (Sample sample : samples) {
			first = (first != null) ? first : sample;
			last = sample;
			peak = Math.max(peak, sample.checkedOut() + sample.waiting());
			withOverflow += (sample.checkedOut() > sample.poolSize()) ? 1 : 0;
		}
		return Demand.of((last.nanos() - first.nanos()) / 1e9, samples.size(), last.leases() - first.leases(),
				last.leasedMillis() - first.leasedMillis(), peak, (double) withOverflow / samples.size());
	}

	/**
	 * One look at the pool.
	 *
	 * @param nanos when, from {@link System#nanoTime()}
	 * @param leases connections returned so far (the lease timer's count)
	 * @param leasedMillis time they were held, in total
	 * @param checkedOut connections in use
	 * @param waiting threads waiting
	 * @param poolSize the pool-size in force
	 */
	record Sample(long nanos, long leases, double leasedMillis, int checkedOut, int waiting, int poolSize) {
	}

}
