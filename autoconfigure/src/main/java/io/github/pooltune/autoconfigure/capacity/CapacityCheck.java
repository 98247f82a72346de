package io.github.pooltune.autoconfigure.capacity;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.pooltune.autoconfigure.PooltuneScheduler;
import io.github.pooltune.autoconfigure.settings.CapacityCheckMode;
import io.github.pooltune.autoconfigure.settings.PoolSettings;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Checks each pool's fleet against what its server allows, on one pool connection. With
 * {@code warn} it runs on a thread of its own a second after the application is ready, so
 * neither start-up nor the first requests wait for it; with {@code fail} it runs during start-up, which it
 * stops with a {@link CapacityExceededException}.
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

	private final Map<String, CapacityReport> reports = new ConcurrentHashMap<>();

	public CapacityCheck(PoolSettings settings, Map<String, HikariDataSource> pools) {
		this.settings = settings;
		this.pools = pools;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (mode() == CapacityCheckMode.FAIL) {
			this.pools.forEach((name, pool) -> {
				CapacityReport report = checkAndLog(name, pool);
				if (report != null && !report.fits()) {
					throw new CapacityExceededException(report);
				}
			});
		}
	}

	/** With {@code warn}, checks each pool once the application is ready. */
	public void scheduleOn(PooltuneScheduler scheduler) {
		if (mode() == CapacityCheckMode.WARN) {
			scheduler.onceReady("capacity check",
					() -> this.pools.forEach((name, pool) -> checkUntilDone(scheduler, name, pool, 1)));
		}
	}

	/** Reads the server and checks the fleet now; the report is kept for the endpoint. */
	public CapacityReport check(String name, HikariDataSource pool) throws SQLException {
		try (Connection connection = pool.getConnection()) {
			return check(name, connection);
		}
	}

	/**
	 * Reads the server on a connection of the pool the caller holds and checks the fleet
	 * now; the report is kept for the endpoint.
	 */
	public CapacityReport check(String name, Connection connection) throws SQLException {
		ServerCapacity server = ServerCapacity.read(connection);
		CapacityReport report = CapacityReport.of(name, server, this.settings.instances().value(),
				this.settings.poolSize().value(), this.settings.maxOverflow().value(),
				this.settings.reservedConnections().value());
		this.reports.put(name, report);
		return report;
	}

	/**
	 * Checks again, on the given connection, a pool that has reached another server (a
	 * failover): its limits may differ. Logs the report as the check after start-up does
	 * (a fleet that does not fit is a warning, never a failure, once the application
	 * runs); does nothing when the check is off.
	 */
	public void checkAgain(String name, Connection connection) {
		if (mode() == CapacityCheckMode.OFF) {
			return;
		}
		try {
			CapacityReport report = check(name, connection);
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

	/** The last report of each pool checked so far. */
	public Map<String, CapacityReport> reports() {
		return Map.copyOf(this.reports);
	}

	/**
	 * After start-up the pool may be busy or the database away for a while: tries again
	 * every {@link #RETRY_EVERY}, and says the check did not run only after the last try.
	 */
	private void checkUntilDone(PooltuneScheduler scheduler, String name, HikariDataSource pool, int attempt) {
		if (checkAndLog(name, pool, attempt == ATTEMPTS) == null && !pool.isClosed() && attempt < ATTEMPTS) {
			scheduler.later("capacity check", RETRY_EVERY, () -> checkUntilDone(scheduler, name, pool, attempt + 1));
		}
	}

	private CapacityReport checkAndLog(String name, HikariDataSource pool) {
		return checkAndLog(name, pool, true);
	}

	private CapacityReport checkAndLog(String name, HikariDataSource pool, boolean lastTry) {
		try {
			CapacityReport report = check(name, pool);
			if (report.fits()) {
				logger.info(report.summary());
			}
			else if (mode() == CapacityCheckMode.WARN) {
				logger.warn(report.summary());
			}
			return report;
		}
		catch (SQLException ex) {
			if (lastTry && !pool.isClosed()) {
				// The pool says what went wrong with the connection; the check only says it did not run.
				logger.warn("Could not check the capacity of pool '" + name + "' against the database: "
						+ ex.getMessage());
			}
			return null;
		}
	}

	private CapacityCheckMode mode() {
		return this.settings.capacityCheck().value();
	}

}
