package io.github.pooltune.autoconfigure.settings;

import java.util.List;
import java.util.Optional;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition behind {@link ConditionalOnPooltuneEnabled}.
 *
 * @author pooltune
 */
class OnPooltuneEnabledCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Optional<ConfigurationProperty> enabled = new SettingOrigins(context.getEnvironment())
			.find(Setting.ENABLED.property());
		if (enabled.isEmpty()) {
			return ConditionOutcome.match("db.enabled is not set");
		}
		String value = String.valueOf(enabled.get().getValue()).strip();
		if ("true".equalsIgnoreCase(value)) {
			return ConditionOutcome.match("db.enabled is true");
		}
		if ("false".equalsIgnoreCase(value)) {
			return ConditionOutcome.noMatch("db.enabled is false");
		}
		throw new InvalidPoolSettingsException(List.of(new InvalidSetting(Setting.ENABLED,
				String.valueOf(enabled.get().getValue()), SettingOrigins.describe(enabled.get()))));
	}

}
