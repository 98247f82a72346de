package io.github.pooltune.autoconfigure.settings;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Explains a start-up that failed on a pool setting: the pool when it is in a pool's
 * {@code db.pools.<name>.*} section, the environment variable, the property, the value
 * given, where it was given and what is allowed. Covers values that
 * do not convert ({@code DB_POOL_SIZE=abc}, a {@link BindException}) as well as values
 * out of range ({@link InvalidPoolSettingsException}); it runs before Spring Boot's
 * generic binding analyzer so that {@code db.*} settings are always explained this way.
 *
 * @author pooltune
 */
public class InvalidPoolSettingsFailureAnalyzer implements FailureAnalyzer, Ordered {

	private static final String ACTION = """
			Change each setting above to an allowed value, or remove it to use pooltune's default \
			(see the README's settings table). To leave the pool as Spring Boot configures it, set \
			DB_ENABLED=false.""";

	private static final String SECTION_ACTION = " To leave one of the application's own pools as the application "
			+ "configures it, remove its db.pools.<bean-name>.* section.";

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		List<InvalidSetting> invalid = findInvalidSettings(failure);
		if (invalid == null) {
			return null;
		}
		String description = "pooltune cannot start the connection pool with these settings:\n\n"
				+ invalid.stream().map((setting) -> "    " + setting.describe()).collect(Collectors.joining("\n"));
		boolean inSection = invalid.stream().anyMatch((setting) -> setting.pool() != null);
		return new FailureAnalysis(description, inSection ? ACTION + SECTION_ACTION : ACTION, failure);
	}

	private @Nullable List<InvalidSetting> findInvalidSettings(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidPoolSettingsException invalid) {
				return invalid.getInvalidSettings();
			}
			if (cause instanceof BindException bindException) {
				InvalidSetting invalid = fromBindFailure(bindException.getName(), bindException.getProperty());
				if (invalid != null) {
					return List.of(invalid);
				}
			}
		}
		return null;
	}

	/** The setting that did not bind, in db.* or in a pool's section; {@code null} for any other property. */
	private InvalidSetting fromBindFailure(ConfigurationPropertyName name, ConfigurationProperty property) {
		Setting<?> setting = Setting.forProperty(name.toString());
		String section = null;
		if (setting == null && name.getNumberOfElements() == 4
				&& ConfigurationPropertyName.of(Setting.SECTIONS).isAncestorOf(name)) {
			section = name.getElement(2, Form.ORIGINAL);
			setting = Setting.forKey(name.getElement(3, Form.ORIGINAL));
		}
		if (setting == null || (section != null && !setting.isPoolLevel())) {
			return null;
		}
		String value = (property != null) ? String.valueOf(property.getValue()) : null;
		String source = (property != null) ? SettingOrigins.describe(property) : "configuration";
		return new InvalidSetting(setting, setting.property(section), section, value, source, setting.allowedValues());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
