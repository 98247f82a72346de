package io.github.pooltune.autoconfigure.diagnostics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.github.pooltune.diagnostics.PoolDeadlock;

/**
 * The deadlocks of a thread with itself seen so far, per pool (by bean name): how many,
 * and the last one, for the {@code pooltune} endpoint.
 *
 * @author pooltune
 */
public final class PoolDeadlocks {

	private final Map<String, Seen> seen = new ConcurrentHashMap<>();

	void record(PoolDeadlock deadlock) {
		this.seen.merge(deadlock.pool(), new Seen(1, deadlock), (old, now) -> new Seen(old.count() + 1, deadlock));
	}

	/** What has been seen in a pool, by bean name, or {@code null} if none. */
	public @Nullable Seen of(String pool) {
		return this.seen.get(pool);
	}

	/**
	 * The deadlocks of one pool.
	 *
	 * @param count how many borrows timed out on a thread that held a connection of the pool
	 * @param last the last of them
	 */
	public record Seen(long count, PoolDeadlock last) {
	}

}
