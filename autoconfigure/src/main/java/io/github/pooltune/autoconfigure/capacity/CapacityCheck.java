package io.github.pooltune.autoconfigure.capacity;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.BackgroundCheck;
import io.github.pooltune.autoconfigure.PooltuneScheduler;
import io.github.pooltune.autoconfigure.diagnostics.SpareConnection;
import io.github.pooltune.autoconfigure.hikari.TunedPools;
import io.github.pooltune.autoconfigure.settings.CapacityCheckMode;
import io.github.pooltune.autoconfigure.settings.Setting;
import io.github.pooltune.capacity.CapacityReport;
import io.github.pooltune.capacity.CapacityReports;
import io.github.pooltune.capacity.PoolShare;
import io.github.pooltune.capacity.ServerCapacity;
import io.github.pooltune.pool.PoolSnapshot;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Checks the fleet against what its servers allow: it reads each pool's server on one
 * of its connections, and counts the pools that reach the same server together, every
 * pool of the instance, tuned or not, and the instances of the service connected there
 * now. With {@code warn} it runs on a thread of its own a second after the application is
 * ready, so neither start-up nor the first requests wait for it; with {@code fail} it runs
 * during start-up, which it stops with a {@link CapacityExceededException}.
 * <p>
 * Then, every {@code capacity-check-interval}, it checks again on a spare connection of
 * each pool (a busy pool is left for the next time), since fleets grow after start-up:
 * one WARN when the fleet stops fitting or its numbers change while it does not fit, one
 * INFO when it fits again.
 *
 * @author pooltune
 */
public class CapacityCheck implements SmartInitializingSingleton, CapacityReports, BackgroundCheck {

	/** How often the check after start-up tries to get a connection, and how far apart. */
	static final int ATTEMPTS = 12;

	static final Duration RETRY_EVERY = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(CapacityCheck.class);

	private final TunedPools tuned;

	private final Map<String, CapacityReport> reports = new ConcurrentHashMap<>();

	/** What was last logged of each group of pools counted together, to log only changes. */
	private final Map<List<String>, String> logged = new ConcurrentHashMap<>();

	public CapacityCheck(TunedPools tuned) {
		this.tuned = tuned;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (mode() == CapacityCheckMode.FAIL) {
			for (CapacityReport report : checkAndLog(true).distinctReports()) {
				if (!report.fits()) {
					throw new CapacityExceededException(report);
				}
			}
		}
	}

	/**
	 * With {@code warn}, checks the pools once the application is ready; then, with
	 * {@code warn} or {@code fail}, again every {@code capacity-check-interval}.
	 */
	@Override
	public void scheduleOn(PooltuneScheduler scheduler) {
		if (this.tuned.pools().isEmpty() || mode() == CapacityCheckMode.OFF) {
			return;
		}
		if (mode() == CapacityCheckMode.WARN) {
			scheduler.onceReady("capacity check", () -> checkUntilDone(scheduler, 1));
		}
		else {
			checkPeriodically(scheduler);
		}
	}

	/**
	 * Reads each pool's server and checks the pools of each server together, now, waiting
	 * for a connection of each pool as a borrow does; the reports are kept for the endpoint.
	 * @return the report that counts each pool, by pool, and the pools whose server could
	 * not be read
	 */
	public Result check() {
		return check(SpareConnection::borrowAsTheApplication);
	}

	/** The last report of each pool checked so far. */
	public Map<String, CapacityReport> reports() {
		return Map.copyOf(this.reports);
	}

	@Override
	public @Nullable CapacityReport lastReport(String pool) {
		CapacityReport report = this.reports.get(pool);
		if (report != null) {
			return report;
		}
		for (Map.Entry<String, HikariDataSource> entry : this.tuned.pools().entrySet()) {
			if (pool.equals(entry.getValue().getPoolName())) {
				return this.reports.get(entry.getKey());
			}
		}
		return null;
	}

	/**
	 * Checks again on spare connections, and logs what changed since the last line: a
	 * WARN when the fleet does not fit (again, or with other numbers), an INFO when it fits
	 * again. Pools without a spare connection now keep their last report.
	 */
	void recheck() {
		for (CapacityReport report : check(SpareConnection::borrow).distinctReports()) {
			log(report, false);
		}
	}

	private Result check(Borrow borrow) {
		Map<String, ServerCapacity> servers = new LinkedHashMap<>();
		Map<String, Integer> open = new LinkedHashMap<>();
		Map<String, SQLException> failures = new LinkedHashMap<>();
		this.tuned.pools().forEach((name, pool) -> {
			int openBefore = PoolSnapshot.of(pool).totalConnections();
			try (Connection connection = borrow.borrow(pool)) {
				if (connection != null) {
					servers.put(name, ServerCapacity.read(connection));
					open.put(name, Math.max(openBefore, PoolSnapshot.of(pool).totalConnections()));
				}
			}
			catch (SQLException ex) {
				failures.put(name, ex);
			}
		});
		Map<String, CapacityReport> byPool = new LinkedHashMap<>();
		for (List<String> sameServer : sameServer(servers)) {
			CapacityReport report = report(sameServer, servers, open);
			sameServer.forEach((name) -> byPool.put(name, report));
		}
		this.reports.putAll(byPool);
		return new Result(byPool, failures);
	}

	/**
	 * Checks again, on a connection the caller holds, a pool that has reached another
	 * server (a failover), with the pools last seen on that same server: its limits may
	 * differ. Logs the report as the check after start-up does (a fleet that does not fit
	 * is a warning, never a failure, once the application runs); does nothing when the
	 * check is off.
	 */
	public void checkAgain(String name, Connection connection) {
		if (mode() == CapacityCheckMode.OFF) {
			return;
		}
		try {
			Map<String, ServerCapacity> servers = new LinkedHashMap<>();
			ServerCapacity server = ServerCapacity.read(connection);
			servers.put(name, server);
			this.reports.forEach((other, report) -> report.budget()
				.pools()
				.stream()
				.filter((share) -> share.pool().equals(other) && !other.equals(name))
				.filter((share) -> server.server() != null
						&& server.server().equals(share.connection().server()))
				.forEach((share) -> servers.put(other, share.connection())));
			Map<String, Integer> open = new LinkedHashMap<>();
			servers.keySet().forEach((pool) -> open.put(pool, PoolSnapshot.of(this.tuned.pools().get(pool)).totalConnections()));
			CapacityReport report = report(List.copyOf(servers.keySet()), servers, open);
			servers.keySet().forEach((pool) -> this.reports.put(pool, report));
			if (report.fits()) {
				logger.info(report.summary());
			}
			else {
				logger.warn(report.summary());
			}
		}
		catch (SQLException ex) {
			logger.warn("Could not check the capacity of pool '" + name + "' against its new database server: "
					+ ex.getMessage());
		}
	}

	/**
	 * The pools by the server they reach, each pool alone when its server cannot be told.
	 * A pool not read this time joins its server as its last report knew it, so that a
	 * busy pool is still counted.
	 */
	private List<List<String>> sameServer(Map<String, ServerCapacity> servers) {
		Map<Object, List<String>> groups = new LinkedHashMap<>();
		this.tuned.pools().keySet().forEach((name) -> {
			ServerCapacity server = (servers.containsKey(name)) ? servers.get(name) : lastKnownServer(name);
			if (server != null) {
				groups.computeIfAbsent((server.server() != null) ? server.server() : new Object(),
						(key) -> new ArrayList<>()).add(name);
			}
		});
		// Only servers read now: the others keep their last report.
		return groups.values().stream().filter((names) -> names.stream().anyMatch(servers::containsKey)).toList();
	}

	private @Nullable ServerCapacity lastKnownServer(String name) {
		CapacityReport last = this.reports.get(name);
		if (last == null) {
			return null;
		}
		return last.budget()
			.pools()
			.stream()
			.filter((share) -> name.equals(share.pool()))
			.map(PoolShare::connection)
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

	/**
	 * The pools of one server: read from a tuned pool's connection when there is one, as
	 * it carries the instance's name, which counts the live instances.
	 */
	private CapacityReport report(List<String> names, Map<String, ServerCapacity> servers, Map<String, Integer> open) {
		List<String> readNow = names.stream().filter(servers::containsKey).toList();
		String readOn = readNow.stream()
			.filter((name) -> this.tuned.tuning(name).tuned())
			.findFirst()
			.orElse(readNow.get(0));
		ServerCapacity server = servers.get(readOn);
		List<PoolShare> shares = new ArrayList<>();
		int openHere = 0;
		for (String name : names) {
			HikariDataSource pool = this.tuned.pools().get(name);
			ServerCapacity seen = servers.containsKey(name) ? servers.get(name) : lastKnownServer(name);
			shares.add(PoolShare.of(name, pool, this.tuned.tuning(name), seen));
			if (seen != null && Objects.equals(seen.applicationName(), server.applicationName())) {
				// What this instance holds under the name its siblings may share.
				openHere += open.getOrDefault(name, PoolSnapshot.of(pool).totalConnections());
			}
		}
		// Spring Boot's pool first: the fix names its settings, and messages lead with it.
		shares.sort((left, right) -> Boolean.compare(!"db.*".equals(left.settings()),
				!"db.*".equals(right.settings())));
		return CapacityReport.of(server, shares, this.tuned.settings().value(Setting.INSTANCES),
				this.tuned.settings().value(Setting.RESERVED_CONNECTIONS), openHere);
	}

	/**
	 * After start-up a pool may be busy or the database away for a while: tries again
	 * every {@link #RETRY_EVERY} until every pool was read, and says which could not be
	 * only after the last try. Then checks periodically.
	 */
	private void checkUntilDone(PooltuneScheduler scheduler, int attempt) {
		Result result = checkAndLog(attempt == ATTEMPTS);
		boolean retry = result.failures().keySet().stream().anyMatch((name) -> !this.tuned.pools().get(name).isClosed());
		if (retry && attempt < ATTEMPTS) {
			scheduler.later("capacity check", RETRY_EVERY, () -> checkUntilDone(scheduler, attempt + 1));
		}
		else {
			checkPeriodically(scheduler);
		}
	}

	private void checkPeriodically(PooltuneScheduler scheduler) {
		Duration interval = this.tuned.settings().value(Setting.CAPACITY_CHECK_INTERVAL);
		if (!interval.isZero()) {
			scheduler.everyAfterReady("capacity recheck", interval, interval, this::recheck);
		}
	}

	/** Logs once every pool was read, or on the last try with what could be read. */
	private Result checkAndLog(boolean lastTry) {
		Result result = check();
		if (!result.failures().isEmpty() && !lastTry) {
			return result;
		}
		for (CapacityReport report : result.distinctReports()) {
			log(report, true);
		}
		result.failures().forEach((name, ex) -> {
			if (!this.tuned.pools().get(name).isClosed()) {
				// The pool says what went wrong with the connection; the check only says it did not run.
				logger.warn("Could not check the capacity of pool '" + name + "' against the database: "
						+ ex.getMessage());
			}
		});
		return result;
	}

	/**
	 * Logs a report: the first check of a group of pools always, later checks only when
	 * the state changed. With {@code fail}, the first check of a fleet that does not fit
	 * stops the start-up instead.
	 */
	private void log(CapacityReport report, boolean first) {
		String previous = this.logged.put(report.pools(), report.state());
		if (!first && report.state().equals(previous)) {
			return;
		}
		if (report.fits()) {
			if (first || previous == null) {
				logger.info(report.summary());
			}
			else {
				logger.info(report.fitsAgain());
			}
		}
		else if (!first || mode() == CapacityCheckMode.WARN) {
			logger.warn(report.summary());
		}
	}

	private CapacityCheckMode mode() {
		return this.tuned.settings().value(Setting.CAPACITY_CHECK);
	}

	/** How a check gets a connection of a pool: a borrow that waits, or a spare one. */
	@FunctionalInterface
	private interface Borrow {

		@Nullable Connection borrow(HikariDataSource pool) throws SQLException;

	}

	/**
	 * One check of every pool.
	 *
	 * @param reports the report that counts each pool, by pool name; pools on one server
	 * share one
	 * @param failures the pools whose server could not be read, with why
	 */
	public record Result(Map<String, CapacityReport> reports, Map<String, SQLException> failures) {

		/** Each report once, in the order of the pools. */
		public List<CapacityReport> distinctReports() {
			return List.copyOf(new LinkedHashSet<>(this.reports.values()));
		}

	}

}
