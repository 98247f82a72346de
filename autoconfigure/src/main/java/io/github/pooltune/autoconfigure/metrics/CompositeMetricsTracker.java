package io.github.pooltune.autoconfigure.metrics;

import java.util.List;

import com.zaxxer.hikari.metrics.IMetricsTracker;

/**
 * Hands each of HikariCP's tracker callbacks to several trackers, since HikariCP takes
 * only one. Each callback goes only to the trackers that implement it, found once when
 * the pool starts: straight to the tracker when only one implements it, through a loop
 * only when several do. The two that run on every borrow and return
 * ({@code recordConnectionAcquiredNanos}, {@code recordConnectionUsageMillis}) reach
 * Spring Boot's Micrometer tracker and the per-thread count of held connections
 * (diagnostics' {@code HeldConnections}, one thread-local increment or decrement); with
 * the diagnostics off, the Micrometer tracker alone, by one direct call.
 *
 * @author pooltune
 */
final class CompositeMetricsTracker implements IMetricsTracker {

	/** Where no tracker implements a callback. */
	private static final IMetricsTracker NONE = new IMetricsTracker() {
	};

	private final IMetricsTracker created;

	private final IMetricsTracker acquired;

	private final IMetricsTracker usage;

	private final IMetricsTracker timeouts;

	private final IMetricsTracker closing;

	CompositeMetricsTracker(List<IMetricsTracker> trackers) {
		this.created = implementing(trackers, "recordConnectionCreatedMillis");
		this.acquired = implementing(trackers, "recordConnectionAcquiredNanos");
		this.usage = implementing(trackers, "recordConnectionUsageMillis");
		this.timeouts = implementing(trackers, "recordConnectionTimeout");
		this.closing = oneFor(trackers);
	}

	/** The trackers whose class overrides the callback, as one; the others would do nothing with it. */
	private static IMetricsTracker implementing(List<IMetricsTracker> trackers, String callback) {
		return oneFor(trackers.stream().filter((tracker) -> overrides(tracker, callback)).toList());
	}

	private static IMetricsTracker oneFor(List<IMetricsTracker> trackers) {
		return switch (trackers.size()) {
			case 0 -> NONE;
			case 1 -> trackers.get(0);
			case 2 -> new Both(trackers.get(0), trackers.get(1));
			default -> new Each(trackers.toArray(IMetricsTracker[]::new));
		};
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
		this.created.recordConnectionCreatedMillis(connectionCreatedMillis);
	}

	@Override
	public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
		this.acquired.recordConnectionAcquiredNanos(elapsedAcquiredNanos);
	}

	@Override
	public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
		this.usage.recordConnectionUsageMillis(elapsedBorrowedMillis);
	}

	@Override
	public void recordConnectionTimeout() {
		this.timeouts.recordConnectionTimeout();
	}

	@Override
	public void close() {
		this.closing.close();
	}

	/**
	 * Two trackers that implement the same callback, called in order: on borrow and return
	 * Spring Boot's Micrometer tracker and the count of held connections. Two call sites
	 * that each see one class, which the JIT inlines, where a loop's one call site sees two.
	 */
	private record Both(IMetricsTracker first, IMetricsTracker second) implements IMetricsTracker {

		@Override
		public void recordConnectionCreatedMillis(long connectionCreatedMillis) {
			this.first.recordConnectionCreatedMillis(connectionCreatedMillis);
			this.second.recordConnectionCreatedMillis(connectionCreatedMillis);
		}

		@Override
		public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
			this.first.recordConnectionAcquiredNanos(elapsedAcquiredNanos);
			this.second.recordConnectionAcquiredNanos(elapsedAcquiredNanos);
		}

		@Override
		public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
			this.first.recordConnectionUsageMillis(elapsedBorrowedMillis);
			this.second.recordConnectionUsageMillis(elapsedBorrowedMillis);
		}

		@Override
		public void recordConnectionTimeout() {
			this.first.recordConnectionTimeout();
			this.second.recordConnectionTimeout();
		}

		@Override
		public void close() {
			this.first.close();
			this.second.close();
		}

	}

	/** Several trackers that implement the same callback, called in order. */
	private record Each(IMetricsTracker[] trackers) implements IMetricsTracker {

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

}
