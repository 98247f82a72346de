package io.github.pooltune.autoconfigure.tuning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.capacity.CapacityCheck;
import io.github.pooltune.autoconfigure.hikari.HikariTuning;
import io.github.pooltune.autoconfigure.hikari.PoolTuning;
import io.github.pooltune.autoconfigure.hikari.TunedPools;
import io.github.pooltune.autoconfigure.settings.InvalidPoolSettingsException;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.ResolvedSetting;
import io.github.pooltune.autoconfigure.settings.Setting;

/**
 * The one path by which a running pool changes: the {@code pooltune} endpoint's write
 * and anything else that resizes a pool while it runs (an autopilot, with a source of
 * its own). A change is checked whole before any of it applies: each value against the
 * rules of start-up, the settings together, then the fleet's budget for a pool that
 * grows. It then reaches HikariCP through {@link HikariConfigMXBean} only, shows with
 * its source on the endpoint, and logs one INFO line per setting.
 * <p>
 * A lower maximum than the connections open has HikariCP replace them (soft eviction:
 * idle ones at once, busy ones when returned), since HikariCP otherwise keeps
 * connections above the maximum until they idle out, or, in a pool without overflow,
 * until their lifetime ends.
 *
 * @author pooltune
 */
public class RuntimeTuning {

	/** The source of a value changed through the endpoint. */
	public static final String RUNTIME = "runtime";

	private static final Log logger = LogFactory.getLog(RuntimeTuning.class);

	/** The HikariCP values each live setting reaches, for the log line. */
	private static final Map<Setting<?>, List<String>> REACHES = Map.of(Setting.POOL_SIZE,
			List.of("minimumIdle", "maximumPoolSize"), Setting.MAX_OVERFLOW, List.of("maximumPoolSize", "idleTimeout"),
			Setting.POOL_TIMEOUT, List.of("connectionTimeout", "validationTimeout"), Setting.POOL_RECYCLE,
			List.of("maxLifetime"), Setting.POOL_LEAK_THRESHOLD, List.of("leakDetectionThreshold"));

	private final TunedPools tuned;

	private final FleetBudgetCheck fleet;

	public RuntimeTuning(TunedPools tuned, @Nullable CapacityCheck check) {
		this.tuned = tuned;
		this.fleet = new FleetBudgetCheck(tuned, check);
	}

	/** Whether there is a pool of that bean name. */
	public boolean knows(String pool) {
		return this.tuned.pools().containsKey(pool);
	}

	/**
	 * Applies a change as a request gives it: values by camelCase name, as text.
	 * @throws TuningRefusedException if any of it is refused; then nothing changed
	 */
	public TuningResult apply(String pool, Map<String, @Nullable String> given) {
		return apply(pool, LiveSettings.parse(pool, given), RUNTIME);
	}

	/**
	 * Applies new values of {@link LiveSettings#LIVE live settings} to a running pool,
	 * all or none.
	 * @param pool the pool's bean name
	 * @param values the new values, each of its setting's type
	 * @param source what the endpoint shows as the changed values' source: {@code runtime}
	 * @throws TuningRefusedException if any of it is refused; then nothing changed
	 */
	public synchronized TuningResult apply(String pool, Map<Setting<?>, ?> values, String source) {
		HikariDataSource dataSource = this.tuned.pools().get(pool);
		if (dataSource == null) {
			throw new IllegalArgumentException("No pool named '" + pool + "'; pools: " + this.tuned.pools().keySet());
		}
		PoolTuning tuning = this.tuned.tuning(pool);
		if (!tuning.tuned()) {
			throw refused(pool, values, "pool '" + pool + "' keeps the application's settings; pooltune changes "
					+ "only pools it sizes (db.* for Spring Boot's pool, db.pools." + pool + ".* for another)");
		}
		for (Setting<?> setting : values.keySet()) {
			if (!LiveSettings.LIVE.contains(setting)) {
				throw refused(pool, Map.of(setting, values.get(setting)), "needs a restart");
			}
		}
		PoolSettings before = tuning.settings();
		Map<Setting<?>, Object> changed = new LinkedHashMap<>();
		values.forEach((setting, value) -> {
			if (!Objects.equals(before.value(setting), value)) {
				changed.put(setting, value);
			}
		});
		HikariConfigMXBean config = dataSource.getHikariConfigMXBean();
		if (changed.isEmpty()) {
			return new TuningResult(pool, List.of(), HikariLiveValues.of(config));
		}
		PoolSettings after = checked(pool, before, changed, source, tuning.section());
		HikariTuning was = HikariTuning.of(before);
		HikariTuning target = HikariTuning.of(after);
		String budget = this.fleet.refusal(pool, after.value(Setting.POOL_SIZE), after.value(Setting.MAX_OVERFLOW));
		if (budget != null) {
			Setting<Integer> size = changed.containsKey(Setting.MAX_OVERFLOW) ? Setting.MAX_OVERFLOW
					: Setting.POOL_SIZE;
			throw refused(pool, Map.of(size, after.value(size)), budget);
		}
		HikariLiveValues now = HikariLiveValues.of(config);
		List<String> hikari = liveValues(now, was, target).applyTo(config);
		this.tuned.tunings().retuned(pool, after);
		List<TuningResult.Change> changes = new ArrayList<>();
		changed.keySet().forEach((setting) -> changes.add(change(before.get(setting), after.get(setting))));
		String replaced = replaceAboveMaximum(dataSource, target.maximumPoolSize());
		for (int i = 0; i < changes.size(); i++) {
			// What the new maximum did to the open connections, said once, on the last line.
			logger.info(line(pool, changes.get(i), hikari, (i == changes.size() - 1) ? replaced : null));
		}
		return new TuningResult(pool, changes, HikariLiveValues.of(config));
	}

	private static PoolSettings checked(String pool, PoolSettings before, Map<Setting<?>, Object> changed,
			String source, @Nullable String section) {
		try {
			return before.with(changed, source, section);
		}
		catch (InvalidPoolSettingsException ex) {
			throw new TuningRefusedException(pool, ex.getInvalidSettings().stream().map(Refusal::of).toList());
		}
	}

	/**
	 * What HikariCP is to run with: the values pooltune derives from the new settings; an
	 * idle timeout the application chose stays, and the liveness check stays within the
	 * pool timeout as at start-up.
	 */
	private static HikariLiveValues liveValues(HikariLiveValues now, HikariTuning was, HikariTuning target) {
		long idleTimeout = (now.idleTimeout() == was.idleTimeout()) ? target.idleTimeout() : now.idleTimeout();
		Long leak = target.leakDetectionThreshold();
		return new HikariLiveValues(target.maximumPoolSize(), target.minimumIdle(), target.connectionTimeout(),
				Math.min(now.validationTimeout(), target.validationTimeoutCap()), idleTimeout, target.maxLifetime(),
				(leak != null) ? leak : now.leakDetectionThreshold());
	}

	/** Soft-evicts when more connections are open than the new maximum; says so, or {@code null}. */
	private static @Nullable String replaceAboveMaximum(HikariDataSource dataSource, int maximum) {
		HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
		int open = (pool != null) ? pool.getTotalConnections() : 0;
		if (pool == null || open <= maximum) {
			return null;
		}
		pool.softEvictConnections();
		return open + " connections open, more than the new maximum of " + maximum
				+ ": HikariCP replaces them (soft eviction: idle ones now, busy ones when returned)";
	}

	private static TuningResult.Change change(ResolvedSetting<?> before, ResolvedSetting<?> after) {
		Setting<?> setting = after.setting();
		return new TuningResult.Change(LiveSettings.nameOf(setting), setting.property(), before.formattedValue(),
				after.formattedValue(), after.source());
	}

	/** {@code Pool 'dataSource': max-overflow 10 → 4 (runtime); HikariCP maximumPoolSize 15 → 9}. */
	private static String line(String pool, TuningResult.Change change, List<String> hikari,
			@Nullable String replaced) {
		Setting<?> setting = Setting.forProperty(change.property());
		List<String> reached = REACHES.getOrDefault(setting, List.of());
		List<String> values = hikari.stream()
			.filter((value) -> reached.contains(value.substring(0, value.indexOf(' '))))
			.toList();
		String resized = (replaced != null) ? "; " + replaced : "";
		return String.format("Pool '%s': %s %s → %s (%s)%s%s", pool, change.property().substring(3), change.from(),
				change.to(), change.source(), values.isEmpty() ? "" : "; HikariCP " + String.join(", ", values),
				resized);
	}

	private static TuningRefusedException refused(String pool, Map<Setting<?>, ?> values, String limit) {
		List<Refusal> refusals = new ArrayList<>();
		values.forEach((setting, value) -> refusals.add(new Refusal(LiveSettings.nameOf(setting), setting.property(),
				format(setting, value), limit)));
		return new TuningRefusedException(pool, refusals);
	}

	@SuppressWarnings("unchecked")
	private static <T> String format(Setting<T> setting, @Nullable Object value) {
		return (value != null) ? setting.range().format((T) value) : "null";
	}

}
