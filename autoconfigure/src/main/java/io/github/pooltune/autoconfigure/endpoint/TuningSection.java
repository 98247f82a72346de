package io.github.pooltune.autoconfigure.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

import io.github.pooltune.autoconfigure.endpoint.PooltuneEndpoint.SettingDescriptor;
import io.github.pooltune.autoconfigure.endpoint.PooltuneEndpoint.SettingsDescriptor;
import io.github.pooltune.autoconfigure.hikari.PoolTuning;
import io.github.pooltune.autoconfigure.hikari.PoolTunings;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.ResolvedSetting;

/**
 * The {@code tuning} section of the {@code pooltune} endpoint, per pool: which settings
 * tuned it ({@code db.*} for Spring Boot's pool, {@code db.pools.<name>.*} for a pool with
 * a section of its own) with each value and where it came from, or that it keeps the
 * application's settings.
 *
 * @param configured the {@code db.*} settings as configured
 * @param pools every pool, by bean name
 * @param tunings how each pool is tuned
 * @author pooltune
 */
public record TuningSection(PoolSettings configured, Map<String, HikariDataSource> pools, PoolTunings tunings) {

	/** What a pool without settings of its own runs with. */
	static final String APPLICATION = "application";

	/**
	 * The effective {@code db.*} settings: as Spring Boot's pool runs with them now,
	 * changes made while it runs included, or as configured when pooltune does not tune
	 * that pool.
	 */
	SettingsDescriptor settings() {
		PoolSettings settings = this.tunings.all()
			.stream()
			.filter((tuning) -> tuning.tuned() && tuning.section() == null)
			.map(PoolTuning::settings)
			.findFirst()
			.orElse(this.configured);
		Map<String, SettingDescriptor> values = new LinkedHashMap<>();
		for (ResolvedSetting<?> setting : settings.all()) {
			values.put(setting.setting().key(), SettingDescriptor.of(setting));
		}
		String preset = (settings.preset() != null) ? settings.preset().value() : null;
		return new SettingsDescriptor(values, preset, settings.maxConnections());
	}

	Map<String, TuningDescriptor> describe() {
		Map<String, TuningDescriptor> tuning = new LinkedHashMap<>();
		this.pools.keySet().forEach((name) -> tuning.put(name, TuningDescriptor.of(this.tunings.get(name))));
		return tuning;
	}

	/**
	 * How one pool is tuned.
	 *
	 * @param settingsFrom {@code db.*}, {@code db.pools.<name>.*}, or {@code application}
	 * when the pool keeps the application's settings
	 * @param startedByApplication whether the application had started the pool before
	 * pooltune saw it
	 * @param settings the pool-level settings it was tuned with, each with its source and
	 * the environment variable that sets it for this pool; empty when not tuned
	 * @param preset the preset in force, or {@code null}
	 * @param maxConnections pool-size + max-overflow when tuned, else {@code null} (the
	 * {@code hikari} section shows what it runs with)
	 */
	public record TuningDescriptor(String settingsFrom, boolean startedByApplication,
			Map<String, SettingDescriptor> settings, String preset, Integer maxConnections) {

		static TuningDescriptor of(PoolTuning tuning) {
			if (!tuning.tuned()) {
				return new TuningDescriptor(APPLICATION, tuning.startedByApplication(), Map.of(), null, null);
			}
			Map<String, SettingDescriptor> settings = new LinkedHashMap<>();
			for (ResolvedSetting<?> setting : tuning.settings().all()) {
				if (setting.setting().isPoolLevel()) {
					settings.put(setting.setting().key(), new SettingDescriptor(setting.formattedValue(),
							setting.source(), tuning.environmentVariable(setting.setting())));
				}
			}
			String preset = (tuning.settings().preset() != null) ? tuning.settings().preset().value() : null;
			return new TuningDescriptor(tuning.tunedBy(), false, settings, preset, tuning.settings().maxConnections());
		}

	}

}
