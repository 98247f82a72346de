package io.github.pooltune.autoconfigure.settings;

import java.io.InputStream;
import java.net.URL;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata that Spring Boot's configuration processor generates, merged with
 * {@code additional-spring-configuration-metadata.json}, against the {@link Setting}
 * definitions: every {@code db.*} setting is there with a description that names its
 * variable and, for a number or a duration, what it accepts; with its default; and with
 * hints for its choices, its special values and its presets' values.
 *
 * @author pooltune
 */
class ConfigurationMetadataTests {

	@Test
	void everySettingHasADescriptionWithWhatItAccepts() throws Exception {
		JsonNode metadata = pooltuneMetadata();
		for (Setting<?> setting : Setting.all()) {
			JsonNode property = find(metadata.get("properties"), setting.property());
			assertThat(property).as(setting.property()).isNotNull();
			String description = property.get("description").asString();
			assertThat(description).as(setting.property()).contains("(" + setting.environmentVariable() + ")");
			if (!(setting.range() instanceof Range.Choice<?>)) {
				// Choices are the hints' values; a range of numbers or durations can only be said.
				assertThat(description).as(setting.property()).contains(setting.range().summary().replace("`", ""));
			}
		}
		JsonNode pools = find(metadata.get("properties"), Setting.SECTIONS);
		assertThat(pools.get("type").asString()).contains(PoolProperties.class.getName());
		assertThat(pools.get("description").asString()).contains("DB_POOLS_<BEANNAME>_POOL_SIZE");
	}

	@Test
	void everySettingHasItsDefault() throws Exception {
		JsonNode properties = pooltuneMetadata().get("properties");
		for (Setting<?> setting : Setting.all()) {
			JsonNode defaultValue = find(properties, setting.property()).get("defaultValue");
			if (setting.defaultValue() == null) {
				assertThat(defaultValue).as(setting.property()).isNull();
			}
			else {
				assertThat(defaultValue).as(setting.property()).isNotNull();
				assertThat(parse(setting, defaultValue.asString())).as(setting.property())
					.isEqualTo(setting.defaultValue());
			}
		}
		assertThat(find(properties, "db.pool-size").get("defaultValue").asInt()).isEqualTo(5);
		assertThat(find(properties, "db.pool-timeout").get("defaultValue").asString()).isEqualTo("30s");
		assertThat(find(properties, "db.capacity-check").get("defaultValue").asString()).isEqualTo("warn");
	}

	@Test
	void choicesSpecialValuesAndPresetsAreHints() throws Exception {
		JsonNode hints = pooltuneMetadata().get("hints");
		for (Setting<?> setting : Setting.all()) {
			JsonNode hint = find(hints, setting.property());
			List<Object> expected = hinted(setting);
			if (expected.isEmpty()) {
				assertThat(hint).as(setting.property()).isNull();
				continue;
			}
			assertThat(hint).as(setting.property()).isNotNull();
			List<Object> values = new ArrayList<>();
			hint.get("values").forEach((value) -> {
				assertThat(value.get("description").asString()).as(setting.property()).isNotBlank();
				values.add(parse(setting, value.get("value").asString()));
			});
			assertThat(values).as(setting.property()).isEqualTo(expected);
			boolean choice = setting.range() instanceof Range.Choice<?>;
			assertThat(hint.has("providers")).as(setting.property() + " takes other values than its hints")
				.isEqualTo(!choice);
		}
	}

	@Test
	void presetHintsSayEachPresetsValues() throws Exception {
		JsonNode hint = find(pooltuneMetadata().get("hints"), Setting.PRESET.property());
		for (Preset preset : Preset.values()) {
			JsonNode value = find(hint.get("values"), "value", preset.value());
			List<String> sizes = new ArrayList<>();
			for (Setting<?> setting : Setting.all()) {
				String formatted = formattedPresetValue(setting, preset);
				if (formatted != null) {
					sizes.add(setting.key() + " " + formatted);
				}
			}
			assertThat(value.get("description").asString()).as(preset.value()).endsWith(String.join(", ", sizes) + ".");
		}
	}

	@Test
	void hintsAsUsersSeeThem() throws Exception {
		JsonNode hints = pooltuneMetadata().get("hints");
		assertThat(values(find(hints, "db.preset"))).containsExactly("local", "staging", "production");
		assertThat(values(find(hints, "db.pool-recycle"))).containsExactly("-1", "1800", "3600");
		assertThat(values(find(hints, "db.pool-size"))).containsExactly("2", "5", "10", "20");
		assertThat(values(find(hints, "db.pool-pre-ping"))).containsExactly("true", "false");
		assertThat(values(find(hints, "db.capacity-check"))).containsExactly("warn", "fail", "off");
		assertThat(values(find(hints, "db.pgbouncer"))).containsExactly("auto", "transaction", "fail", "off");
	}

	private static List<String> values(JsonNode hint) {
		List<String> values = new ArrayList<>();
		hint.get("values").forEach((value) -> values.add(value.get("value").asString()));
		return values;
	}

	/** What the hints hold: the choices; or the special values, then the default and presets' values in order. */
	private static List<Object> hinted(Setting<?> setting) {
		if (setting.range() instanceof Range.Choice<?> choice) {
			return List.copyOf(choice.values());
		}
		List<Object> specials = new ArrayList<>();
		if (setting.range() instanceof DurationRange durations) {
			durations.specials().forEach((special) -> specials.add(special.value()));
		}
		Set<Object> others = new LinkedHashSet<>();
		for (Preset preset : Preset.values()) {
			if (setting.presetValue(preset) != null) {
				others.add(setting.presetValue(preset));
			}
		}
		if (specials.isEmpty() && others.isEmpty()) {
			return List.of();
		}
		if (setting.defaultValue() != null) {
			others.add(setting.defaultValue());
		}
		others.removeAll(specials);
		List<Object> hinted = new ArrayList<>(specials);
		others.stream().sorted(ConfigurationMetadataTests::compare).forEach(hinted::add);
		return hinted;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static int compare(Object first, Object other) {
		return ((Comparable) first).compareTo(other);
	}

	private static <T> String formattedPresetValue(Setting<T> setting, Preset preset) {
		T value = setting.presetValue(preset);
		return (value != null) ? setting.range().format(value) : null;
	}

	/** The metadata's text as a value of the setting: a bare number of a duration is seconds. */
	private static Object parse(Setting<?> setting, String text) {
		if (setting.range() instanceof Range.Whole) {
			return Integer.valueOf(text);
		}
		if (setting.range() instanceof DurationRange) {
			return DurationStyle.detectAndParse(text, ChronoUnit.SECONDS);
		}
		Range.Choice<?> choice = (Range.Choice<?>) setting.range();
		return choice.values().get(choice.names().indexOf(text.toLowerCase(Locale.ROOT)));
	}

	private static JsonNode pooltuneMetadata() throws Exception {
		for (URL url : Collections.list(ConfigurationMetadataTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream stream = url.openStream()) {
				JsonNode metadata = JsonMapper.builder().build().readTree(stream);
				if (find(metadata.get("properties"), "db.pool-size") != null) {
					return metadata;
				}
			}
		}
		throw new AssertionError("No generated metadata holds db.pool-size");
	}

	private static JsonNode find(JsonNode entries, String name) {
		return find(entries, "name", name);
	}

	private static JsonNode find(JsonNode entries, String field, String value) {
		for (JsonNode entry : entries) {
			if (value.equals(entry.get(field).asString())) {
				return entry;
			}
		}
		return null;
	}

}
