package io.github.pooltune.autoconfigure.metrics;

import java.util.List;

import com.zaxxer.hikari.metrics.IMetricsTracker;

/**
 * Hands each of HikariCP's tracker callbacks to several trackers, since HikariCP takes
 * only one. The tracker list is fixed at pool start; each call is a plain loop.
 *
 * @author pooltune
 */
final class CompositeMetricsTracker implements IMetricsTracker {

	private final IMetricsTracker[] trackers;

	CompositeMetricsTracker(List<IMetricsTracker> trackers) {
		this.trackers = trackers.toArray(IMetricsTracker[]::new);
	}

	@Override
	public void recordConnectionCreatedMillis(long connectionCreatedMillis) {
		for (IMetricsTracker tracker : this.trackers) {
			tracker.recordConnectionCreatedMillis(connectionCreatedMillis);
		}
	}

	@Override
	public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
		for (IMetricsTracker tracker : this.trackers) {
			tracker.recordConnectionAcquiredNanos(elapsedAcquiredNanos);
		}
	}

	@Override
	public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
		for (IMetricsTracker tracker : this.trackers) {
			tracker.recordConnectionUsageMillis(elapsedBorrowedMillis);
		}
	}

	@Override
	public void recordConnectionTimeout() {
		for (IMetricsTracker tracker : this.trackers) {
			tracker.recordConnectionTimeout();
		}
	}

	@Override
	public void close() {
		for (IMetricsTracker tracker : this.trackers) {
			tracker.close();
		}
	}

}
