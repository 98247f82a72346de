package io.github.pooltune.autoconfigure.autosize;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import io.github.pooltune.capacity.AutosizeDecision;
import io.github.pooltune.capacity.AutosizeDecision.Direction;

/**
 * What the autopilot remembers of one pool between decisions: the quiet spell, the
 * timeouts counted so far, the last decisions and the changes made each way.
 *
 * @author pooltune
 */
final class AutosizeState {

	/** How many changes the endpoint shows. */
	static final int KEPT = 10;

	private final Deque<AutosizeRecord> changes = new ArrayDeque<>();

	private final AtomicLong up = new AtomicLong();

	private final AtomicLong down = new AtomicLong();

	private volatile @Nullable AutosizeRecord last;

	private volatile int quiet;

	private volatile double timeoutsSeen = Double.NaN;

	/** The autopilot's own borrows that timed out since the last decision: HikariCP counts them too. */
	private volatile int ownTimeouts;

	/** Decisions in a row that saw no wait. */
	int quiet() {
		return this.quiet;
	}

	/**
	 * The application's timeouts since the last decision, from the counter's total now
	 * less the autopilot's own; 0 the first time.
	 */
	long timeoutsSince(double total) {
		double before = this.timeoutsSeen;
		int own = this.ownTimeouts;
		this.timeoutsSeen = total;
		this.ownTimeouts = 0;
		return (Double.isNaN(before) || Double.isNaN(total)) ? 0 : Math.max(0, Math.round(total - before) - own);
	}

	/** The autopilot's own borrow, to read the server, timed out. */
	void ownTimeout() {
		this.ownTimeouts++;
	}

	synchronized void record(AutosizeRecord record, boolean pressed) {
		AutosizeDecision decision = record.decision();
		this.last = record;
		// A change starts a new quiet spell: the next shrink waits for a whole one.
		this.quiet = (pressed || decision.changes()) ? 0 : this.quiet + 1;
		if (decision.changes()) {
			this.changes.addFirst(record);
			while (this.changes.size() > KEPT) {
				this.changes.removeLast();
			}
			((decision.direction() == Direction.UP) ? this.up : this.down).incrementAndGet();
		}
	}

	@Nullable AutosizeRecord last() {
		return this.last;
	}

	/** The last changes, the newest first. */
	synchronized List<AutosizeRecord> changes() {
		return List.copyOf(this.changes);
	}

	long changes(Direction direction) {
		return (direction == Direction.UP) ? this.up.get() : this.down.get();
	}

}
