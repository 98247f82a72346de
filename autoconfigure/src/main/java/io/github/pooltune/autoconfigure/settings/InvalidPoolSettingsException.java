package io.github.pooltune.autoconfigure.settings;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at start-up when one or more pool settings hold values they do not accept, so
 * that the pool never starts with only some of the settings applied.
 *
 * @author pooltune
 */
public class InvalidPoolSettingsException extends RuntimeException {

	private final List<InvalidSetting> invalidSettings;

	public InvalidPoolSettingsException(List<InvalidSetting> invalidSettings) {
		super("Invalid pool settings: "
				+ invalidSettings.stream().map(InvalidSetting::describe).collect(Collectors.joining("; ")));
		this.invalidSettings = List.copyOf(invalidSettings);
	}

	public List<InvalidSetting> getInvalidSettings() {
		return this.invalidSettings;
	}

}
