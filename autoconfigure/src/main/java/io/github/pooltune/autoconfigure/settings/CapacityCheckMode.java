package io.github.pooltune.autoconfigure.settings;

import java.util.Locale;

/**
 * What the capacity check does when the fleet could open more connections than the
 * server, the role or the database allows.
 *
 * @author pooltune
 */
public enum CapacityCheckMode {

	/** Log one WARN with the numbers and the fix; the check runs after start-up. */
	WARN,

	/** Stop the start-up with a failure analysis; the check runs during start-up. */
	FAIL,

	/** Do not check. */
	OFF;

	/** The name as users write it: {@code warn}. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
