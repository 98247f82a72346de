package io.github.pooltune.autoconfigure.capacity;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.pooltune.autoconfigure.PooltuneScheduler;
import io.github.pooltune.autoconfigure.hikari.PoolTunings;
import io.github.pooltune.autoconfigure.settings.CapacityCheckMode;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.Setting;
import io.github.pooltune.capacity.CapacityReport;
import io.github.pooltune.capacity.PoolShare;
import io.github.pooltune.capacity.ServerCapacity;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Checks the fleet against what its servers allow: it reads each pool's server on one
 * of its connections, and counts the pools that reach the same server together, every
 * pool of the instance, tuned or not. With {@code warn} it runs on a thread of its own a
 * second after the application is ready, so neither start-up nor the first requests wait
 * for it; with {@code fail} it runs during start-up, which it stops with a
 * {@link CapacityExceededException}.
 *
 * @author pooltune
 */
public class CapacityCheck implements SmartInitializingSingleton {

	/** How often the check after start-up tries to get a connection, and how far apart. */
	static final int ATTEMPTS = 12;

	static final Duration RETRY_EVERY = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(CapacityCheck.class);

	private final PoolSettings settings;

	private final Map<String, HikariDataSource> pools;

	private final PoolTunings tunings;

	private final Map<String, CapacityReport> reports = new ConcurrentHashMap<>();

	public CapacityCheck(PoolSettings settings, Map<String, HikariDataSource> pools, PoolTunings tunings) {
		this.settings = settings;
		this.pools = pools;
		this.tunings = tunings;
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

	/** With {@code warn}, checks the pools once the application is ready. */
	public void scheduleOn(PooltuneScheduler scheduler) {
		if (mode() == CapacityCheckMode.WARN && !this.pools.isEmpty()) {
			scheduler.onceReady("capacity check", () -> checkUntilDone(scheduler, 1));
		}
	}

	/**
	 * Reads each pool's server and checks the pools of each server together, now; the
	 * reports are kept for the endpoint.
	 * @return the report that counts each pool, by pool, and the pools whose server could
	 * not be read
	 */
	public Result check() {
		Map<String, ServerCapacity> servers = new LinkedHashMap<>();
		Map<String, SQLException> failures = new LinkedHashMap<>();
		this.pools.forEach((name, pool) -> {
			try (Connection connection = pool.getConnection()) {
				servers.put(name, ServerCapacity.read(connection));
			}
			catch (SQLException ex) {
				failures.put(name, ex);
			}
		});
		Map<String, CapacityReport> byPool = new LinkedHashMap<>();
		for (List<String> sameServer : sameServer(servers)) {
			CapacityReport report = report(sameServer, servers);
			sameServer.forEach((name) -> byPool.put(name, report));
		}
		this.reports.putAll(byPool);
		return new Result(byPool, failures);
	}

	/** The last report of each pool checked so far. */
	public Map<String, CapacityReport> reports() {
		return Map.copyOf(this.reports);
	}

	/** The pools by the server they reach, each pool alone when its server cannot be told. */
	private static List<List<String>> sameServer(Map<String, ServerCapacity> servers) {
		Map<Object, List<String>> groups = new LinkedHashMap<>();
		servers.forEach((name, server) -> groups
			.computeIfAbsent((server.server() != null) ? server.server() : new Object(), (key) -> new ArrayList<>())
			.add(name));
		return List.copyOf(groups.values());
	}

	/**
	 * The pools of one server: read from a tuned pool's connection when there is one, as
	 * it carries the service's name, which counts the live instances.
	 */
	private CapacityReport report(List<String> names, Map<String, ServerCapacity> servers) {
		String readOn = names.stream()
			.filter((name) -> this.tunings.get(name).tuned())
			.findFirst()
			.orElse(names.get(0));
		List<PoolShare> shares = new ArrayList<>();
		for (String name : names) {
			shares.add(PoolShare.of(name, this.pools.get(name), this.tunings.get(name), servers.get(name)));
		}
		// Spring Boot's pool first: the fix names its settings, and messages lead with it.
		shares.sort((left, right) -> Boolean.compare(!"db.*".equals(left.settings()),
				!"db.*".equals(right.settings())));
		return CapacityReport.of(servers.get(readOn), shares, this.settings.value(Setting.INSTANCES),
				this.settings.value(Setting.RESERVED_CONNECTIONS));
	}

	/**
	 * After start-up a pool may be busy or the database away for a while: tries again
	 * every {@link #RETRY_EVERY} until every pool was read, and says which could not be
	 * only after the last try.
	 */
	private void checkUntilDone(PooltuneScheduler scheduler, int attempt) {
		Result result = checkAndLog(attempt == ATTEMPTS);
		boolean retry = result.failures().keySet().stream().anyMatch((name) -> !this.pools.get(name).isClosed());
		if (retry && attempt < ATTEMPTS) {
			scheduler.later("capacity check", RETRY_EVERY, () -> checkUntilDone(scheduler, attempt + 1));
		}
	}

	/** Logs once every pool was read, or on the last try with what could be read. */
	private Result checkAndLog(boolean lastTry) {
		Result result = check();
		if (!result.failures().isEmpty() && !lastTry) {
			return result;
		}
		for (CapacityReport report : result.distinctReports()) {
			if (report.fits()) {
				logger.info(report.summary());
			}
			else if (mode() == CapacityCheckMode.WARN) {
				logger.warn(report.summary());
			}
		}
		result.failures().forEach((name, ex) -> {
			if (!this.pools.get(name).isClosed()) {
				// The pool says what went wrong with the connection; the check only says it did not run.
				logger.warn("Could not check the capacity of pool '" + name + "' against the database: "
						+ ex.getMessage());
			}
		});
		return result;
	}

	private CapacityCheckMode mode() {
		return this.settings.value(Setting.CAPACITY_CHECK);
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
