package io.github.pooltune.autoconfigure.autosize;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.BackgroundCheck;
import io.github.pooltune.autoconfigure.PooltuneScheduler;
import io.github.pooltune.autoconfigure.capacity.DemandSampler;
import io.github.pooltune.autoconfigure.diagnostics.SpareConnection;
import io.github.pooltune.autoconfigure.hikari.PoolTuning;
import io.github.pooltune.autoconfigure.hikari.TunedPools;
import io.github.pooltune.autoconfigure.metrics.PoolMeterNames;
import io.github.pooltune.autoconfigure.settings.AutosizeMode;
import io.github.pooltune.autoconfigure.settings.InvalidPoolSettingsException;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.Setting;
import io.github.pooltune.capacity.AutosizeDecision;
import io.github.pooltune.capacity.AutosizeDecision.Direction;
import io.github.pooltune.capacity.AutosizeInputs;
import io.github.pooltune.capacity.AutosizePolicy;
import io.github.pooltune.capacity.CapacityReport;
import io.github.pooltune.capacity.CapacityReports;
import io.github.pooltune.capacity.Demand;
import io.github.pooltune.capacity.FleetShare;
import io.github.pooltune.capacity.PoolShare;
import io.github.pooltune.capacity.ServerCapacity;
import io.github.pooltune.pool.PoolSnapshot;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The autopilot: every {@code pool-autosize-interval}, on pooltune's scheduler, for each
 * pool with {@code pool-autosize} {@code advise} or {@code on}, it reads the pool's state
 * from HikariCP's MXBean, the timeouts from pooltune's counter, the demand sampler's
 * measure of the last few decisions, and the server again on one pool connection (who
 * holds what in {@code pg_stat_activity}, every client), and lets {@link AutosizePolicy}
 * decide. With {@code on} a change goes to the pool through {@link RunningMaximum}; each
 * change, or each new advice, is one INFO line with its reason. Nothing runs on the
 * borrow path.
 *
 * @author pooltune
 */
public class Autopilot implements BackgroundCheck {

	/** The source the settings show for a maximum the autopilot set. */
	public static final String SOURCE = "autosize";

	private static final Log logger = LogFactory.getLog(Autopilot.class);

	private final TunedPools tuned;

	private final ObjectProvider<DemandSampler> demand;

	private final ObjectProvider<MeterRegistry> registry;

	private final ObjectProvider<CapacityReports> capacity;

	private final Map<String, AutosizeState> states = new ConcurrentHashMap<>();

	public Autopilot(TunedPools tuned, ObjectProvider<DemandSampler> demand, ObjectProvider<MeterRegistry> registry,
			ObjectProvider<CapacityReports> capacity) {
		this.tuned = tuned;
		this.demand = demand;
		this.registry = registry;
		this.capacity = capacity;
	}

	/** The mode of a pool: its own setting when pooltune sizes it; a pool the application sizes is left alone. */
	public AutosizeMode mode(String pool) {
		return this.tuned.tuning(pool).autosize();
	}

	/** The pools it decides on, by bean name. */
	public List<String> autosized() {
		return this.tuned.pools().keySet().stream().filter((name) -> mode(name) != AutosizeMode.OFF).toList();
	}

	public Duration interval() {
		return this.tuned.settings().value(Setting.POOL_AUTOSIZE_INTERVAL);
	}

	/** Decides every interval once the application is ready, when a pool asks for it. */
	@Override
	public void scheduleOn(PooltuneScheduler scheduler) {
		if (!autosized().isEmpty()) {
			scheduler.everyAfterReady("autosize", interval(), interval(), this::decideAll);
		}
	}

	void decideAll() {
		for (String name : autosized()) {
			HikariDataSource pool = this.tuned.pools().get(name);
			if (pool != null && !pool.isClosed() && pool.getHikariPoolMXBean() != null) {
				decide(name, pool, mode(name));
			}
		}
	}

	/** One decision for one pool, applied with {@code on}. */
	AutosizeRecord decide(String name, HikariDataSource pool, AutosizeMode mode) {
		AutosizeState state = this.states.computeIfAbsent(name, (key) -> new AutosizeState());
		PoolSnapshot snapshot = PoolSnapshot.of(pool);
		long timeouts = state.timeoutsSince(timeouts(pool));
		DemandSampler sampler = this.demand.getIfAvailable();
		Demand recent = (sampler != null)
				? sampler.demand(name, interval().multipliedBy(AutosizePolicy.QUIET_DECISIONS)) : null;
		AutosizeInputs inputs = new AutosizeInputs(RunningMaximum.of(pool), snapshot.poolSize(),
				snapshot.checkedOut(), snapshot.waiting(), timeouts, recent, state.quiet(),
				share(name, pool, snapshot, state));
		AutosizeDecision decision = AutosizePolicy.decide(inputs);
		AutosizeRecord previous = state.last();
		boolean apply = mode == AutosizeMode.ON && decision.changes();
		if (apply) {
			RunningMaximum.set(pool, decision.to());
			recordInSettings(name, decision.to());
			String closing = "";
			if (decision.closeExcess() && PoolSnapshot.of(pool).totalConnections() > decision.to()) {
				// The server's slots are others' now: HikariCP closes each connection as it comes back.
				RunningMaximum.closeOpenConnections(pool);
				closing = "; the open connections close as they are returned, and reopen within the new maximum";
			}
			logger.info(String.format("Pool '%s' maximum %d → %d (autosize): %s%s", name, decision.from(),
					decision.to(), decision.reason(), closing));
		}
		else if (decision.changes() && !sameAdvice(previous, decision)) {
			logger.info(String.format("Pool '%s' (autosize advise) would change the maximum %d → %d: %s", name,
					decision.from(), decision.to(), decision.reason()));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Pool '" + name + "' maximum " + decision.from() + " (autosize): " + decision.reason());
		}
		AutosizeRecord record = new AutosizeRecord(Instant.now(), mode.value(), apply, decision);
		state.record(record, inputs.pressed());
		return record;
	}

	/**
	 * Records the new maximum as the pool's max-overflow, from {@value #SOURCE}, as a
	 * change through the endpoint records it: the endpoint's settings then show it, and a
	 * later change through the endpoint starts from it rather than from the configured value.
	 */
	private void recordInSettings(String name, int maximum) {
		PoolTuning tuning = this.tuned.tuning(name);
		if (!tuning.tuned()) {
			return;
		}
		PoolSettings settings = tuning.settings();
		int overflow = maximum - settings.value(Setting.POOL_SIZE);
		try {
			this.tuned.tunings()
				.retuned(name, settings.with(Map.of(Setting.MAX_OVERFLOW, overflow), SOURCE, tuning.section()));
		}
		catch (InvalidPoolSettingsException ex) {
			// The maximum is applied; only the settings view keeps the value it had.
			logger.debug("Pool '" + name + "': max-overflow " + overflow + " not recorded: " + ex.getMessage());
		}
	}

	/** The last decision on a pool, or {@code null} before the first. */
	public @Nullable AutosizeRecord last(String pool) {
		AutosizeState state = this.states.get(pool);
		return (state != null) ? state.last() : null;
	}

	/** The last changes of a pool's maximum (with {@code advise}: the changes advised), the newest first. */
	public List<AutosizeRecord> changes(String pool) {
		AutosizeState state = this.states.get(pool);
		return (state != null) ? state.changes() : List.of();
	}

	/** The changes made (or advised) in one direction so far. */
	public long changes(String pool, Direction direction) {
		AutosizeState state = this.states.get(pool);
		return (state != null) ? state.changes(direction) : 0;
	}

	/**
	 * The pool's share of its server, read now on one of its connections; {@code null}
	 * when none came within {@link #readWait(HikariDataSource)}.
	 */
	private @Nullable FleetShare share(String name, HikariDataSource pool, PoolSnapshot snapshot,
			AutosizeState state) {
		ServerCapacity server;
		try (Connection connection = SpareConnection.borrowWithin(pool, readWait(pool))) {
			if (connection == null) {
				return null;
			}
			server = ServerCapacity.read(connection);
		}
		catch (SQLException ex) {
			if (ex instanceof SQLTransientConnectionException) {
				state.ownTimeout();
			}
			logger.debug("Pool '" + name + "' (autosize): could not read the server", ex);
			return null;
		}
		List<String> sameServer = sameServer(name);
		List<PoolShare> shares = new ArrayList<>();
		int openHere = 0;
		for (String other : sameServer) {
			HikariDataSource otherPool = this.tuned.pools().get(other);
			if (otherPool != null) {
				shares.add(PoolShare.of(other, otherPool, this.tuned.tuning(other), server));
				openHere += PoolSnapshot.of(otherPool).totalConnections();
			}
		}
		PoolSettings settings = this.tuned.settings();
		int reserved = settings.value(Setting.RESERVED_CONNECTIONS);
		CapacityReport report = CapacityReport.of(server, shares, settings.value(Setting.INSTANCES), reserved,
				openHere);
		return FleetShare.of(report, name, snapshot.totalConnections(), reserved);
	}

	/**
	 * How long the read of the server waits in the queue of the application's requests:
	 * one interval, when the next decision would come anyway, and never longer than an
	 * application's borrow waits (the pool's timeout). A saturated pool, the one the
	 * autopilot must see, hands a connection to the longest waiter first: with 26 threads
	 * waiting on 4 connections held 50 ms each, the read waits most of a second.
	 */
	private Duration readWait(HikariDataSource pool) {
		Duration poolTimeout = Duration.ofMillis(pool.getConnectionTimeout());
		Duration interval = interval();
		return (poolTimeout.compareTo(interval) < 0) ? poolTimeout : interval;
	}

	/**
	 * The pools of this instance on the pool's server, as the last capacity check saw
	 * them; every pool when it has not seen this one (counting too many is the safe side).
	 */
	private List<String> sameServer(String name) {
		CapacityReports reports = this.capacity.getIfAvailable();
		CapacityReport last = (reports != null) ? reports.lastReport(name) : null;
		if (last != null && last.pools().contains(name)) {
			return last.pools();
		}
		List<String> all = new ArrayList<>(this.tuned.pools().keySet());
		all.remove(name);
		all.add(0, name);
		return all;
	}

	private double timeouts(HikariDataSource pool) {
		MeterRegistry meterRegistry = this.registry.getIfAvailable();
		Counter counter = (meterRegistry != null) ? meterRegistry.find(PoolMeterNames.TIMEOUTS)
			.tag(PoolMeterNames.POOL_TAG, pool.getPoolName())
			.counter() : null;
		return (counter != null) ? counter.count() : Double.NaN;
	}

	private static boolean sameAdvice(@Nullable AutosizeRecord previous, AutosizeDecision decision) {
		return previous != null && previous.decision().direction() == decision.direction()
				&& previous.decision().to() == decision.to();
	}

	/** Every autosized pool's state for the endpoint, by bean name. */
	public Map<String, AutosizeRecord> lastDecisions() {
		Map<String, AutosizeRecord> last = new LinkedHashMap<>();
		autosized().forEach((name) -> {
			AutosizeRecord record = last(name);
			if (record != null) {
				last.put(name, record);
			}
		});
		return last;
	}

}
