package io.github.pooltune.autoconfigure.settings;

import java.time.Duration;

/**
 * The three environment profiles of the SQLAlchemy pooling guide, each a full set of
 * pool settings. A preset fills in only what is not set explicitly.
 *
 * @author pooltune
 */
public enum Preset {

	/** One developer, low concurrency: 2 + 3 connections. */
	LOCAL(2, 3, Duration.ofSeconds(30), Duration.ofSeconds(3600), true),

	/** Production topology at lower traffic: 10 + 10 connections. */
	STAGING(10, 10, Duration.ofSeconds(30), Duration.ofSeconds(3600), true),

	/** Higher concurrency, shorter recycle against stale connections: 20 + 20. */
	PRODUCTION(20, 20, Duration.ofSeconds(30), Duration.ofSeconds(1800), true);

	private final int poolSize;

	private final int maxOverflow;

	private final Duration poolTimeout;

	private final Duration poolRecycle;

	private final boolean poolPrePing;

	Preset(int poolSize, int maxOverflow, Duration poolTimeout, Duration poolRecycle, boolean poolPrePing) {
		this.poolSize = poolSize;
		this.maxOverflow = maxOverflow;
		this.poolTimeout = poolTimeout;
		this.poolRecycle = poolRecycle;
		this.poolPrePing = poolPrePing;
	}

	public int poolSize() {
		return this.poolSize;
	}

	public int maxOverflow() {
		return this.maxOverflow;
	}

	public Duration poolTimeout() {
		return this.poolTimeout;
	}

	public Duration poolRecycle() {
		return this.poolRecycle;
	}

	public boolean poolPrePing() {
		return this.poolPrePing;
	}

	/** The name as users write it: {@code production}. */
	public String value() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
