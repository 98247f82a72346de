package io.github.pooltune.autoconfigure.settings;

import java.util.Locale;

/**
 * What the autopilot does with a pool's running maximum ({@code db.pool-autosize}).
 *
 * @author pooltune
 */
public enum AutosizeMode {

	/** Leave the maximum as the settings size it. */
	OFF,

	/** Decide as {@code on} would, and only log and show it. */
	ADVISE,

	/** Raise the maximum while threads wait and the server has room, lower it back when demand falls. */
	ON;

	/** The name as users write it: {@code advise}. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
