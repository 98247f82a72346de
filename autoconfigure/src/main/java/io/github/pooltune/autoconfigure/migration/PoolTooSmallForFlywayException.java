package io.github.pooltune.autoconfigure.migration;

import java.time.Duration;

import io.github.pooltune.autoconfigure.FailedCheckException;

/**
 * Thrown before Flyway migrates when the pool it migrates through can open fewer
 * connections than Flyway holds at once: start-up would otherwise wait the pool timeout
 * for a connection that can never be free, then fail.
 *
 * @author pooltune
 */
public final class PoolTooSmallForFlywayException extends FailedCheckException {

	PoolTooSmallForFlywayException(Pool pool) {
		super("Pool '" + pool.name() + "' opens at most " + pool.maximumPoolSize() + " connection(s) (" + pool.sizing()
				+ "); Flyway needs " + FlywayPoolCheck.CONNECTIONS_NEEDED + " at once", pool);
	}

	/** The pool that is too small. */
	public Pool getPool() {
		return finding(Pool.class);
	}

	/**
	 * The pool Flyway would migrate through.
	 *
	 * @param name the pool's bean name
	 * @param maximumPoolSize the most connections the pool opens
	 * @param sizing where that maximum comes from: the settings and where each is set
	 * @param poolTimeout how long Flyway's second borrow would wait
	 */
	public record Pool(String name, int maximumPoolSize, String sizing, Duration poolTimeout) {

	}

}
