package io.github.pooltune.autoconfigure.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * The settings of every pool, resolved and checked together before any pool starts, so
 * that all mistakes are reported at once: {@code db.*} for Spring Boot's auto-configured
 * pool and for the whole service, and each {@code db.pools.<bean-name>.*} section for the
 * bean of that name.
 * <p>
 * A section is matched to its bean ignoring case: environment variables are upper case
 * ({@code DB_POOLS_REPORTINGPOOL_POOL_SIZE}) while bean names are not
 * ({@code reportingPool}). A key a section cannot hold, a setting of the whole service
 * or a misspelt one, is a mistake too.
 *
 * @author pooltune
 */
public final class PoolSections {

	private final PoolSettings defaults;

	private final Map<String, Section> sections;

	private PoolSections(PoolSettings defaults, Map<String, Section> sections) {
		this.defaults = defaults;
		this.sections = sections;
	}

	/**
	 * Resolves {@code db.*} and every section.
	 * @throws InvalidPoolSettingsException with every mistake in any of them
	 */
	public static PoolSections resolve(PooltuneProperties properties, SettingOrigins origins) {
		List<InvalidSetting> invalid = new ArrayList<>();
		PoolSettings defaults = null;
		try {
			defaults = PoolSettings.resolve(properties, origins);
		}
		catch (InvalidPoolSettingsException ex) {
			invalid.addAll(ex.getInvalidSettings());
		}
		// Listing every property of every source is the dear part: once for both uses.
		List<ConfigurationProperty> sectionProperties = origins.below(Setting.SECTIONS);
		Map<String, Section> sections = new LinkedHashMap<>();
		for (String name : sectionNames(properties, sectionProperties)) {
			try {
				PoolSettings settings = PoolSettings.resolveSection(name, properties, origins, defaults);
				sections.put(name.toLowerCase(Locale.ROOT), new Section(name, settings, where(origins, name)));
			}
			catch (InvalidPoolSettingsException ex) {
				invalid.addAll(ex.getInvalidSettings());
			}
		}
		invalid.addAll(keysNoSectionHolds(sectionProperties));
		if (!invalid.isEmpty()) {
			throw new InvalidPoolSettingsException(invalid);
		}
		return new PoolSections(defaults, sections);
	}

	/** The settings of {@code db.*}: Spring Boot's pool's, and the service's. */
	public PoolSettings defaults() {
		return this.defaults;
	}

	/** The section of the pool of that bean name, ignoring case, or {@code null}. */
	public Section find(String beanName) {
		return this.sections.get(beanName.toLowerCase(Locale.ROOT));
	}

	/** Every section, in the order they were given. */
	public List<Section> all() {
		return List.copyOf(this.sections.values());
	}

	/**
	 * The sections' names, one per pool: those Spring Boot bound, and those whose values
	 * are all empty, which it does not bind (a mistake to report). Spring Boot binds an
	 * environment variable's section under its lower-case name next to
	 * {@code application.yml}'s {@code reportingPool}, each with all the values of both:
	 * the name as written with capitals is kept, as it is more likely the bean's.
	 */
	private static Set<String> sectionNames(PooltuneProperties properties,
			List<ConfigurationProperty> sectionProperties) {
		Map<String, String> names = new LinkedHashMap<>();
		List<String> given = new ArrayList<>(properties.getPools().keySet());
		for (ConfigurationProperty property : sectionProperties) {
			if (property.getName().getNumberOfElements() >= 4) {
				given.add(property.getName().getElement(2, Form.ORIGINAL));
			}
		}
		for (String name : given) {
			names.merge(name.toLowerCase(Locale.ROOT), name,
					(first, other) -> first.equals(first.toLowerCase(Locale.ROOT)) ? other : first);
		}
		return new LinkedHashSet<>(names.values());
	}

	/** Where a section was given, from its first property: for the message when it names no pool. */
	private static String where(SettingOrigins origins, String name) {
		List<ConfigurationProperty> found = origins.below(Setting.SECTIONS + "." + name);
		return found.isEmpty() ? "configuration" : SettingOrigins.describe(found.get(0));
	}

	/** Keys under db.pools.<name> that are not a pool-level setting: the service's own, or misspelt. */
	private static List<InvalidSetting> keysNoSectionHolds(List<ConfigurationProperty> sectionProperties) {
		Map<String, InvalidSetting> invalid = new LinkedHashMap<>();
		for (ConfigurationProperty property : sectionProperties) {
			ConfigurationPropertyName name = property.getName();
			if (name.getNumberOfElements() < 4) {
				continue;
			}
			String section = name.getElement(2, Form.ORIGINAL);
			String key = Arrays.stream(elementsFrom(name, 3)).collect(Collectors.joining("-"));
			Setting<?> setting = Setting.forKey(key);
			if (setting != null && setting.isPoolLevel()) {
				continue;
			}
			String given = (setting != null) ? setting.property(section)
					: Setting.SECTIONS + "." + section + "." + key;
			String allowed = (setting != null)
					? "nothing: " + setting.key() + " is a setting of the whole service, not of one pool; set it as "
							+ setting.displayName()
					: "one of the pool settings " + poolLevelKeys() + " (" + key + " is none of them)";
			invalid.putIfAbsent(given.toLowerCase(Locale.ROOT), new InvalidSetting(setting, given, section,
					String.valueOf(property.getValue()), SettingOrigins.describe(property), allowed));
		}
		return List.copyOf(invalid.values());
	}

	private static String[] elementsFrom(ConfigurationPropertyName name, int first) {
		String[] elements = new String[name.getNumberOfElements() - first];
		for (int i = first; i < name.getNumberOfElements(); i++) {
			elements[i - first] = name.getElement(i, Form.ORIGINAL);
		}
		return elements;
	}

	private static String poolLevelKeys() {
		return Setting.all()
			.stream()
			.filter(Setting::isPoolLevel)
			.map(Setting::key)
			.collect(Collectors.joining(", "));
	}

	/**
	 * One pool's section.
	 *
	 * @param name the section's name as the user wrote it: {@code reportingPool}
	 * @param settings the pool's settings, the section's over {@code db.*}
	 * @param where where the section was given ({@code application.yml},
	 * {@code environment DB_POOLS_AUDIT_POOL_SIZE})
	 */
	public record Section(String name, PoolSettings settings, String where) {

		/** How messages name the section: {@code db.pools.reportingPool.*}. */
		public String displayName() {
			return Setting.SECTIONS + "." + this.name + ".*";
		}

	}

}
