package io.github.pooltune.autoconfigure.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.autosize.Autopilot;
import io.github.pooltune.autoconfigure.autosize.AutosizeRecord;
import io.github.pooltune.capacity.AutosizeDecision.Direction;
import io.github.pooltune.pool.PoolSnapshot;

/**
 * The {@code autosize} section of the {@code pooltune} endpoint: for each pool the
 * autopilot sizes, its mode, the maximum it runs with, the floor, the last decision and
 * the last changes with their reasons. Empty when no pool autosizes.
 *
 * @param pools every pool, by bean name
 * @param autopilot the autopilot, or {@code null} without it
 * @author pooltune
 */
public record AutosizeSection(Map<String, HikariDataSource> pools, @Nullable Autopilot autopilot) {

	Map<String, AutosizeDescriptor> describe() {
		Map<String, AutosizeDescriptor> described = new LinkedHashMap<>();
		Autopilot autopilot = this.autopilot;
		if (autopilot == null) {
			return described;
		}
		for (String name : autopilot.autosized()) {
			HikariDataSource pool = this.pools.get(name);
			if (pool == null) {
				continue;
			}
			PoolSnapshot snapshot = PoolSnapshot.of(pool);
			described.put(name, new AutosizeDescriptor(autopilot.mode(name).value(), autopilot.interval().toMillis(),
					snapshot.maxConnections(), snapshot.poolSize(), autopilot.changes(name, Direction.UP),
					autopilot.changes(name, Direction.DOWN), autopilot.last(name), autopilot.changes(name)));
		}
		return described;
	}

	/**
	 * One pool under the autopilot.
	 *
	 * @param mode {@code advise} or {@code on}
	 * @param intervalMillis how often it decides
	 * @param maximum the maximum the pool runs with now
	 * @param floor pool-size, the lowest it goes
	 * @param up changes up so far (advised ones with {@code advise})
	 * @param down changes down so far
	 * @param last the last decision, a hold included; {@code null} before the first
	 * @param changes the last changes, the newest first
	 */
	record AutosizeDescriptor(String mode, long intervalMillis, int maximum, int floor, long up, long down,
			@Nullable AutosizeRecord last, List<AutosizeRecord> changes) {
	}

}
