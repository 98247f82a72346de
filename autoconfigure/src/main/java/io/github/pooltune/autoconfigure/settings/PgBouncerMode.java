package io.github.pooltune.autoconfigure.settings;

import java.util.Locale;

/**
 * Whether the pool goes through PgBouncer in transaction pooling mode, where the
 * PostgreSQL driver's server-side prepared statements break.
 *
 * @author pooltune
 */
public enum PgBouncerMode {

	/**
	 * Make the driver safe when the URL points at port 6432, PgBouncer's; after start-up,
	 * look for a transaction pooler that would break the driver's prepared statements and
	 * log a WARN with the setting to change.
	 */
	AUTO,

	/** The pool goes through transaction pooling: always make the driver safe (prepareThreshold=0). */
	TRANSACTION,

	/** As {@link #AUTO}, but stop the start-up instead of warning; the check runs during start-up. */
	FAIL,

	/** Change nothing and check nothing: no PgBouncer, or one in session pooling mode. */
	OFF;

	/** The name as users write it: {@code auto}. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	@Override
	public String toString() {
		return value();
	}

}
