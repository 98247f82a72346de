package io.github.pooltune.autoconfigure.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's settings table and the presets table of {@code docs/settings.md} against
 * the {@link Setting} definitions: every setting has a row with its environment
 * variable, its property, its default and what it accepts, and every row is a setting.
 *
 * @author pooltune
 */
class SettingsTableTests {

	private static final String SETTINGS_TABLE = "| environment | property | meaning | default | allowed |";

	private static final String PRESETS_TABLE = "| preset |";

	/** The rows that are no {@code db.*} setting of their own. */
	private static final List<String> OTHER_ROWS = List.of("`DB_POOLS_<BEANNAME>_POOL_SIZE`, …", "`DATABASE_URL`");

	@Test
	void everySettingHasItsRowAndEveryRowIsASetting() throws IOException {
		Map<String, List<String>> rows = rows(Files.readString(checkout().resolve("README.md")), SETTINGS_TABLE);
		rows.remove("environment");
		for (Setting<?> setting : Setting.all()) {
			List<String> row = rows.remove("`" + setting.environmentVariable() + "`");
			assertThat(row).as("the README's row of " + setting.environmentVariable()).isNotNull();
			assertThat(row.get(0)).as(setting + " property").isEqualTo("`" + setting.property() + "`");
			assertThat(row.get(2)).as(setting + " default").isEqualTo(describedDefault(setting));
			assertThat(row.get(3)).as(setting + " allowed").isEqualTo(setting.range().summary());
		}
		assertThat(rows.keySet()).as("rows of no setting").containsExactlyElementsOf(OTHER_ROWS);
	}

	@Test
	void thePresetsTableHoldsEachPresetsValues() throws IOException {
		Map<String, List<String>> rows = rows(Files.readString(checkout().resolve("docs/settings.md")),
				PRESETS_TABLE);
		List<Setting<?>> sized = Setting.all().stream().filter((setting) -> hasPresets(setting)).toList();
		assertThat(rows.remove("preset")).as("the columns")
			.isEqualTo(sized.stream().map(Setting::key).toList());
		for (Preset preset : Preset.values()) {
			List<String> row = rows.remove("`" + preset.value() + "`");
			assertThat(row).as(preset.value()).isNotNull();
			List<String> expected = new ArrayList<>();
			sized.forEach((setting) -> expected.add(presetValue(setting, preset)));
			assertThat(row).as(preset.value()).isEqualTo(expected);
		}
		assertThat(rows).isEmpty();
	}

	/** The default as the table says it: {@code 30 (seconds)}, {@code 0 (off)}, {@code `warn`}, {@code not set}. */
	private static <T> String describedDefault(Setting<T> setting) {
		T value = setting.defaultValue();
		if (value == null) {
			return "not set";
		}
		if (setting.range() instanceof Range.Choice<T> choice) {
			return "`" + choice.format(value) + "`";
		}
		if (setting.range() instanceof DurationRange durations && value instanceof Duration duration) {
			String note = (durations.relation() != null) ? durations.relation().defaultNote() : "";
			String described = durations.isSpecial(duration) ? durations.format(duration)
					: duration.toSeconds() + " (seconds)";
			return described + note;
		}
		return setting.range().format(value);
	}

	private static boolean hasPresets(Setting<?> setting) {
		return Arrays.stream(Preset.values()).anyMatch((preset) -> setting.presetValue(preset) != null);
	}

	private static <T> String presetValue(Setting<T> setting, Preset preset) {
		T value = setting.presetValue(preset);
		return (value != null) ? setting.range().format(value) : "";
	}

	/** The rows of the table that starts with the given header, by their first cell; the header's too. */
	private static Map<String, List<String>> rows(String page, String header) {
		List<String> lines = page.lines().toList();
		int start = 0;
		while (start < lines.size() && !lines.get(start).startsWith(header)) {
			start++;
		}
		assertThat(start).as("a table that starts with " + header).isLessThan(lines.size());
		Map<String, List<String>> rows = new LinkedHashMap<>();
		for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
			if (i == start + 1) {
				continue;
			}
			String line = lines.get(i).strip();
			List<String> cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1))
				.map(String::strip)
				.toList();
			rows.put(cells.get(0), cells.subList(1, cells.size()));
		}
		return rows;
	}

	/** The checkout these tests run in: the first directory up from here with the README and docs. */
	private static Path checkout() {
		for (Path path = Path.of("").toAbsolutePath(); path != null; path = path.getParent()) {
			if (Files.isRegularFile(path.resolve("README.md")) && Files.isDirectory(path.resolve("docs"))) {
				return path;
			}
		}
		throw new IllegalStateException("No README.md with docs/ above " + Path.of("").toAbsolutePath());
	}

}
