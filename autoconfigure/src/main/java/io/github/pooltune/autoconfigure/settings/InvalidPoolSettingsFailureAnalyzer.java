package io.github.pooltune.autoconfigure.settings;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Explains a start-up that failed on a pool setting: the environment variable, the
 * property, the value given, where it was given and what is allowed. Covers values that
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

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		List<InvalidSetting> invalid = findInvalidSettings(failure);
		if (invalid == null) {
			return null;
		}
		String description = "pooltune cannot start the connection pool with these settings:\n\n"
				+ invalid.stream().map((setting) -> "    " + setting.describe()).collect(Collectors.joining("\n"));
		return new FailureAnalysis(description, ACTION, failure);
	}

	private @Nullable List<InvalidSetting> findInvalidSettings(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidPoolSettingsException invalid) {
				return invalid.getInvalidSettings();
			}
			if (cause instanceof BindException bindException) {
				PoolSetting setting = PoolSetting.forProperty(bindException.getName().toString());
				if (setting != null) {
					return List.of(fromBindFailure(setting, bindException.getProperty()));
				}
			}
		}
		return null;
	}

	private InvalidSetting fromBindFailure(PoolSetting setting, ConfigurationProperty property) {
		if (property == null) {
			return new InvalidSetting(setting, null, "configuration");
		}
		return new InvalidSetting(setting, String.valueOf(property.getValue()), SettingOrigins.describe(property));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
