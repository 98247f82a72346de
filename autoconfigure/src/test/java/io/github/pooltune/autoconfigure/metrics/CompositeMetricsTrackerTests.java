package io.github.pooltune.autoconfigure.metrics;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each callback reaches every tracker that implements it, and only those: the borrow and
 * return callbacks must not pass through trackers that would do nothing with them.
 *
 * @author pooltune
 */
class CompositeMetricsTrackerTests {

	private final List<String> calls = new ArrayList<>();

	@Test
	void everyCallbackReachesTheTrackersThatImplementIt() {
		CompositeMetricsTracker composite = new CompositeMetricsTracker(List.of(new Everything(), new TimeoutsOnly()));
		composite.recordConnectionCreatedMillis(1);
		composite.recordConnectionAcquiredNanos(2);
		composite.recordConnectionUsageMillis(3);
		composite.recordConnectionTimeout();
		composite.close();
		assertThat(this.calls).containsExactly("everything created", "everything acquired", "everything usage",
				"everything timeout", "timeouts timeout", "everything close", "timeouts close");
	}

	@Test
	void theHotCallbacksSkipTrackersThatDoNotImplementThem() throws Exception {
		CompositeMetricsTracker composite = new CompositeMetricsTracker(List.of(new TimeoutsOnly()));
		composite.recordConnectionAcquiredNanos(2);
		composite.recordConnectionUsageMillis(3);
		assertThat(this.calls).isEmpty();
		assertThat(hotCallbackTarget(composite, "usage")).isNotInstanceOf(TimeoutsOnly.class);
	}

	@Test
	void aHotCallbackThatOneTrackerImplementsGoesStraightToIt() throws Exception {
		Everything everything = new Everything();
		CompositeMetricsTracker composite = new CompositeMetricsTracker(List.of(everything, new TimeoutsOnly()));
		assertThat(hotCallbackTarget(composite, "acquired")).isSameAs(everything);
		assertThat(hotCallbackTarget(composite, "usage")).isSameAs(everything);
	}

	@Test
	void aCallbackThatSeveralTrackersImplementReachesEachInOrder() {
		CompositeMetricsTracker composite = new CompositeMetricsTracker(
				List.of(new Everything(), new Everything(), new TimeoutsOnly()));
		composite.recordConnectionAcquiredNanos(2);
		composite.recordConnectionTimeout();
		assertThat(this.calls).containsExactly("everything acquired", "everything acquired", "everything timeout",
				"everything timeout", "timeouts timeout");
	}

	/** What the composite calls for a borrow ({@code acquired}) or a return ({@code usage}). */
	private static Object hotCallbackTarget(CompositeMetricsTracker composite, String callback) throws Exception {
		java.lang.reflect.Field field = CompositeMetricsTracker.class.getDeclaredField(callback);
		field.setAccessible(true);
		return field.get(composite);
	}

	private final class Everything implements IMetricsTracker {

		@Override
		public void recordConnectionCreatedMillis(long connectionCreatedMillis) {
			CompositeMetricsTrackerTests.this.calls.add("everything created");
		}

		@Override
		public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
			CompositeMetricsTrackerTests.this.calls.add("everything acquired");
		}

		@Override
		public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
			CompositeMetricsTrackerTests.this.calls.add("everything usage");
		}

		@Override
		public void recordConnectionTimeout() {
			CompositeMetricsTrackerTests.this.calls.add("everything timeout");
		}

		@Override
		public void close() {
			CompositeMetricsTrackerTests.this.calls.add("everything close");
		}

	}

	private final class TimeoutsOnly implements IMetricsTracker {

		@Override
		public void recordConnectionTimeout() {
			CompositeMetricsTrackerTests.this.calls.add("timeouts timeout");
		}

		@Override
		public void close() {
			CompositeMetricsTrackerTests.this.calls.add("timeouts close");
		}

	}

}
