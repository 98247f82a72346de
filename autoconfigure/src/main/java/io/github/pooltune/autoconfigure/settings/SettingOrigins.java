package io.github.pooltune.autoconfigure.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Finds where a property is set, through Spring Boot's own relaxed lookup, and names
 * that place the way users think of it: {@code environment DB_POOL_SIZE},
 * {@code application.yml}.
 *
 * @author pooltune
 */
public final class SettingOrigins {

	private final Iterable<ConfigurationPropertySource> sources;

	public SettingOrigins(Environment environment) {
		this.sources = ConfigurationPropertySources.get(environment);
	}

	/**
	 * The property as the highest-precedence source that sets it holds it. Names are
	 * matched as Spring Boot matches them, ignoring case: {@code db.pools.reportingPool.*}
	 * finds {@code DB_POOLS_REPORTINGPOOL_*} too.
	 */
	public Optional<ConfigurationProperty> find(String propertyName) {
		ConfigurationPropertyName name = nameOf(propertyName);
		for (ConfigurationPropertySource source : this.sources) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			if (property != null) {
				return Optional.of(property);
			}
		}
		return Optional.empty();
	}

	/**
	 * Every property set below the given name, highest-precedence source first: what the
	 * sources that can list their names hold (the environment, {@code application.yml},
	 * system properties, the command line).
	 */
	public List<ConfigurationProperty> below(String propertyName) {
		ConfigurationPropertyName ancestor = nameOf(propertyName);
		List<ConfigurationProperty> found = new ArrayList<>();
		for (ConfigurationPropertySource source : this.sources) {
			// Spring Boot knows from its cache of names that most sources hold nothing below it.
			if (source instanceof IterableConfigurationPropertySource iterable
					&& iterable.containsDescendantOf(ancestor) != ConfigurationPropertyState.ABSENT) {
				iterable.stream()
					.filter(ancestor::isAncestorOf)
					.map(source::getConfigurationProperty)
					.filter(Objects::nonNull)
					.forEach(found::add);
			}
		}
		return found;
	}

	/** Where the property was set, in a few words. */
	public static String describe(ConfigurationProperty property) {
		Origin origin = unwrap(property.getOrigin());
		if (origin instanceof SystemEnvironmentOrigin environmentOrigin) {
			return "environment " + environmentOrigin.getProperty();
		}
		String resource = resourceName(origin);
		if (resource != null) {
			return resource;
		}
		ConfigurationPropertySource source = property.getSource();
		Object underlying = (source != null) ? source.getUnderlyingSource() : null;
		if (underlying instanceof PropertySource<?> propertySource) {
			return describe(propertySource.getName(), property);
		}
		return "configuration";
	}

	private static String describe(String propertySourceName, ConfigurationProperty property) {
		return switch (propertySourceName) {
			case "systemEnvironment" -> "environment";
			case "systemProperties" -> "system property";
			case "commandLineArgs" -> "command line";
			default -> propertySourceName;
		};
	}

	/** Lower case as Spring Boot's own names; the form users write (reportingPool) otherwise is refused. */
	private static ConfigurationPropertyName nameOf(String propertyName) {
		String lowerCase = propertyName.toLowerCase(Locale.ROOT);
		return ConfigurationPropertyName.isValid(lowerCase) ? ConfigurationPropertyName.of(lowerCase)
				: ConfigurationPropertyName.adapt(propertyName, '.');
	}

	/** Spring Boot wraps the origin a property source reports in one naming the source. */
	private static Origin unwrap(Origin origin) {
		Origin unwrapped = origin;
		while (unwrapped instanceof PropertySourceOrigin propertySourceOrigin && propertySourceOrigin.getOrigin() != null) {
			unwrapped = propertySourceOrigin.getOrigin();
		}
		return unwrapped;
	}

	private static @Nullable String resourceName(Origin origin) {
		for (Origin candidate = origin; candidate != null; candidate = candidate.getParent()) {
			if (candidate instanceof TextResourceOrigin textOrigin && textOrigin.getResource() != null
					&& textOrigin.getResource().getFilename() != null) {
				return textOrigin.getResource().getFilename();
			}
		}
		return null;
	}

}
