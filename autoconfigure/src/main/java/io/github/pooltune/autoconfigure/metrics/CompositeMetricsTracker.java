package io.github.pooltune.autoconfigure.metrics;

import java.util.List;

import com.zaxxer.hikari.metrics.IMetricsTracker;

/**
 * Hands each of HikariCP's tracker callbacks to several trackers, since HikariCP takes
 * only one. Each callback goes only to the trackers that implement it, found once when
 * the pool starts: the two that run on every borrow and return
 * ({@code recordConnectionAcquiredNanos}, {@code recordConnectionUsageMillis}) reach
 * Spring Boot's Micrometer tracker and the per-thread count of held connections
 * (diagnostics' {@code HeldConnections}, one thread-local increment or decrement) alone.
 *
 * @author pooltune
 */
final class CompositeMetricsTracker implements IMetricsTracker {

	private final IMetricsTracker[] created;

	private final IMetricsTracker[] acquired;

	private final IMetricsTracker[] usage;

	private final IMetricsTracker[] timeouts;

	private final IMetricsTracker[] all;

	CompositeMetricsTracker(List<IMetricsTracker> trackers) {
		this.created = implementing(trackers, "recordConnectionCreatedMillis");
		this.acquired = implementing(trackers, "recordConnectionAcquiredNanos");
		this.usage = implementing(trackers, "recordConnectionUsageMillis");
		this.timeouts = implementing(trackers, "recordConnectionTimeout");
		this.all = trackers.toArray(IMetricsTracker[]::new);
	}

	/** The trackers whose class overrides the callback; the others would do nothing with it. */
	private static IMetricsTracker[] implementing(List<IMetricsTracker> trackers, String callback) {
		return trackers.stream().filter((tracker) -> overrides(tracker, callback)).toArray(IMetricsTracker[]::new);
	}

	private static boolean overrides(IMetricsTracker tracker, String callback) {
		Class<?>[] parameters = "recordConnectionTimeout".equals(callback) ? new Class<?>[0]
				: new Class<?>[] { long.class };
		try {
			return tracker.getClass().getMethod(callback, parameters).getDeclaringClass() != IMetricsTracker.class;
		}
		catch (NoSuchMethodException ex) {
			return true;
		}
	}

	@Override
	public void recordConnectionCreatedMillis(long connectionCreatedMillis) {
		for (IMetricsTracker tracker : this.created) {
			tracker.recordConnectionCreatedMillis(connectionCreatedMillis);
		}
	}

	@Override
	public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
		for (IMetricsTracker tracker : this.acquired) {
			tracker.recordConnectionAcquiredNanos(elapsedAcquiredNanos);
		}
	}

	@Override
	public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
		for (IMetricsTracker tracker : this.usage) {
			tracker.recordConnectionUsageMillis(elapsedBorrowedMillis);
		}
	}

	@Override
	public void recordConnectionTimeout() {
		for (IMetricsTracker tracker : this.timeouts) {
			tracker.recordConnectionTimeout();
		}
	}

	@Override
	public void close() {
		for (IMetricsTracker tracker : this.all) {
			tracker.close();
		}
	}

}
