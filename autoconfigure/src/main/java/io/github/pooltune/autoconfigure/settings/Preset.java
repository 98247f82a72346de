package io.github.pooltune.autoconfigure.settings;

import java.util.Locale;

/**
 * The three environment profiles of the SQLAlchemy pooling guide. Each {@link Setting}
 * the guide sizes says its own value in each; a preset fills in only what is not set
 * explicitly.
 *
 * @author pooltune
 */
public enum Preset {

	/** One developer, low concurrency. */
	LOCAL,

	/** Production topology at lower traffic. */
	STAGING,

	/** Higher concurrency, shorter recycle against stale connections. */
	PRODUCTION;

	/** The name as users write it: {@code production}. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
