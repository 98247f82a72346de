package io.github.pooltune.autoconfigure.migration;

import java.time.Duration;

/**
 * Thrown before Flyway migrates when the pool it migrates through can open fewer
 * connections than Flyway holds at once: start-up would otherwise wait the pool timeout
 * for a connection that can never be free, then fail.
 *
 * @author pooltune
 */
public final class PoolTooSmallForFlywayException extends IllegalStateException {

	private final String pool;

	private final int maximumPoolSize;

	private final String sizing;

	private final Duration poolTimeout;

	PoolTooSmallForFlywayException(String pool, int maximumPoolSize, String sizing, Duration poolTimeout) {
		super("Pool '" + pool + "' opens at most " + maximumPoolSize + " connection(s) (" + sizing + "); Flyway needs "
				+ FlywayPoolCheck.CONNECTIONS_NEEDED + " at once");
		this.pool = pool;
		this.maximumPoolSize = maximumPoolSize;
		this.sizing = sizing;
		this.poolTimeout = poolTimeout;
	}

	/** The pool's bean name. */
	public String getPool() {
		return this.pool;
	}

	/** The most connections the pool opens. */
	public int getMaximumPoolSize() {
		return this.maximumPoolSize;
	}

	/** Where that maximum comes from: the settings and where each is set. */
	public String getSizing() {
		return this.sizing;
	}

	/** How long Flyway's second borrow would wait. */
	public Duration getPoolTimeout() {
		return this.poolTimeout;
	}

}
