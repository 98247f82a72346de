package io.github.pooltune.diagnostics;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A borrow that timed out on a thread that already held a connection of the same pool: a
 * deadlock of the thread with itself, since it waits for a connection only it can give
 * back. Sized with HikariCP's pool-locking formula,
 * {@code pool ≥ threads × (connections per thread − 1) + 1}, from the counts seen at the
 * timeout.
 *
 * @param pool the pool, by bean name
 * @param thread the thread whose borrow timed out
 * @param connectionsHeld the connections of this pool that thread held while it waited
 * @param threads the threads that wanted a connection at the timeout: those still waiting
 * and this one
 * @param maximumPoolSize the most connections the pool could open (pool-size +
 * max-overflow)
 * @param heldBorrowSite where the thread borrowed the connection it held, its first frame
 * outside the pool and the data-access frameworks; {@code null} when unknown (leak
 * detection off, or its threshold not yet passed)
 * @param timedOutBorrowSite where the borrow that timed out was made, found the same way
 * @param migration whether the borrow that timed out was Flyway's
 * @param at when the borrow timed out
 * @author pooltune
 */
public record PoolDeadlock(String pool, String thread, int connectionsHeld, int threads, int maximumPoolSize,
		@Nullable String heldBorrowSite, String timedOutBorrowSite, boolean migration, Instant at) {

	/** Connections per thread: the ones held and the one it waited for. */
	public int connectionsPerThread() {
		return this.connectionsHeld + 1;
	}

	/** What HikariCP's pool-locking formula asks of the pool, with the counts seen. */
	public int connectionsNeeded() {
		return this.threads * (connectionsPerThread() - 1) + 1;
	}

	/** The formula with the counts seen, for a log line. */
	public String formula() {
		return String.format("%d thread%s × (%d connections per thread − 1) + 1 = %d", this.threads,
				(this.threads == 1) ? "" : "s", connectionsPerThread(), connectionsNeeded());
	}

}
