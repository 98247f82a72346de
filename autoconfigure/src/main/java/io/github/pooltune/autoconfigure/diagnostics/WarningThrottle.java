package io.github.pooltune.autoconfigure.diagnostics;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * At most one warning per period, for one pool: the ones held back in between are
 * counted, so that the next warning can say how many there were. Lock-free, for the
 * threads whose borrows time out together.
 *
 * @author pooltune
 */
final class WarningThrottle {

	private final Duration period;

	private final AtomicReference<Instant> lastWarned = new AtomicReference<>(Instant.MIN);

	private final AtomicInteger heldBack = new AtomicInteger();

	WarningThrottle(Duration period) {
		this.period = period;
	}

	/**
	 * Whether a warning may go out at {@code now}: not within the period after the last
	 * one, nor when another thread has just sent one; a warning held back is counted.
	 */
	boolean allows(Instant now) {
		Instant last = this.lastWarned.get();
		if (last.plus(this.period).isAfter(now) || !this.lastWarned.compareAndSet(last, now)) {
			this.heldBack.incrementAndGet();
			return false;
		}
		return true;
	}

	/** The warnings held back since the last one that went out; the count starts again. */
	int takeHeldBack() {
		return this.heldBack.getAndSet(0);
	}

}
