package io.github.pooltune.autoconfigure.diagnostics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import com.zaxxer.hikari.metrics.IMetricsTracker;

/**
 * How many connections of one pool each thread holds, counted from HikariCP's own
 * callbacks: {@code recordConnectionAcquiredNanos} runs on the borrowing thread,
 * {@code recordConnectionUsageMillis} on the thread that closes the connection. When a
 * borrow times out on a thread that still holds one, {@link DeadlockWarning} reports it.
 * <p>
 * On the borrow path, so it does as little as it can: one {@link ThreadLocal} read and
 * one plain increment or decrement, no lock, no clock. A connection closed on another
 * thread than the one that borrowed it cannot be told apart by the callbacks: the closing
 * thread, holding none, would go negative and the borrower would count one for ever.
 * Such a close (a thread giving back more than it borrowed) is taken as a sign that the
 * counts are off: it starts a new epoch, and what each thread borrowed in earlier epochs
 * no longer counts as held (it may still be given back, without a new epoch). Counts
 * never go negative and do not keep a connection closed elsewhere; the price is that
 * threads holding connections at that moment are not seen as holding them (a deadlock
 * missed). Left: a thread whose own connection was closed elsewhere and which then closes
 * another thread's gives back an uncounted one instead, so that other thread counts one
 * too many until the next new epoch.
 *
 * @author pooltune
 */
final class HeldConnections implements IMetricsTracker {

	private static final VarHandle EPOCH;

	static {
		try {
			EPOCH = MethodHandles.lookup().findVarHandle(HeldConnections.class, "epoch", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final ThreadLocal<Count> counts = new ThreadLocal<>() {

		@Override
		protected Count initialValue() {
			return new Count();
		}

	};

	private final DeadlockWarning warning;

	/** Bumped when a connection comes back on a thread that counts none: every older count is void. */
	private volatile int epoch;

	HeldConnections(DeadlockWarning warning) {
		this.warning = warning;
	}

	@Override
	public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
		countIn(this.epoch).held++;
	}

	@Override
	public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
		int current = this.epoch;
		if (!countIn(current).giveBack()) {
			// Borrowed on another thread: that thread's count is one too high, and no one knows which.
			EPOCH.compareAndSet(this, current, current + 1);
		}
	}

	/**
	 * HikariCP records the wait of a borrow that timed out as an acquisition too, just
	 * before this call on the same thread: that one is taken back here.
	 */
	@Override
	public void recordConnectionTimeout() {
		Count count = countIn(this.epoch);
		count.giveBack();
		if (count.held > 0) {
			this.warning.deadlocked(count.held);
		}
	}

	/** The calling thread's count, moved to the current epoch: small, so that the JIT inlines it. */
	private Count countIn(int current) {
		Count count = this.counts.get();
		count.startEpoch(current);
		return count;
	}

	/** The connections of this pool the calling thread holds, as counted. */
	int heldByThisThread() {
		Count count = this.counts.get();
		return (count.epoch == this.epoch) ? count.held : 0;
	}

	@Override
	public void close() {
		this.warning.close();
	}

	/** One thread's count; only that thread reads or writes it. */
	private static final class Count {

		/** Connections borrowed in this epoch and not given back. */
		int held;

		/** Connections borrowed in earlier epochs: given back without a new epoch, never reported. */
		int uncounted;

		int epoch;

		/** One connection given back: {@code false} if this thread counts none (borrowed on another). */
		boolean giveBack() {
			if (this.held > 0) {
				this.held--;
				return true;
			}
			if (this.uncounted > 0) {
				this.uncounted--;
				return true;
			}
			return false;
		}

		void startEpoch(int current) {
			if (this.epoch != current) {
				this.uncounted += this.held;
				this.held = 0;
				this.epoch = current;
			}
		}

	}

}
