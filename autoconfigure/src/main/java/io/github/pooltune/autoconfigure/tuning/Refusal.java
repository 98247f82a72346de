package io.github.pooltune.autoconfigure.tuning;

import io.github.pooltune.autoconfigure.settings.InvalidSetting;
import io.github.pooltune.autoconfigure.settings.Setting;

/**
 * One value of a change that was refused, as the {@code 400} answer names it.
 *
 * @param setting the setting as the request names it: {@code maxOverflow}
 * @param property the property that sets it at start-up: {@code db.max-overflow}
 * @param value the value asked for, as given or as users write it
 * @param limit what is allowed, or why it cannot change now
 * @author pooltune
 */
public record Refusal(String setting, String property, String value, String limit) {

	/** A value the setting's own rules refuse. */
	static Refusal of(InvalidSetting invalid) {
		Setting<?> setting = invalid.setting();
		String name = (setting != null) ? LiveSettings.nameOf(setting) : invalid.property();
		return new Refusal(name, invalid.property(), String.valueOf(invalid.value()), invalid.allowed());
	}

	/** One line for messages: {@code maxOverflow 200: a whole number from 0 to 100}. */
	public String describe() {
		return this.setting + " " + this.value + ": " + this.limit;
	}

}
