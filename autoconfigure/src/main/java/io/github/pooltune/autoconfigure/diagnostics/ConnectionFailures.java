package io.github.pooltune.autoconfigure.diagnostics;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.capacity.CapacityReport;
import io.github.pooltune.capacity.CapacityReports;
import io.github.pooltune.health.ConnectionRefusals;

/**
 * Why each pool last failed to open a connection, in words that name the limit and the
 * setting to change: HikariCP logs only the driver's message, and "too many clients" or
 * a rejected password reads the same as any other error there. One WARN per pool and
 * kind of failure per minute. A server out of slots (53300) is explained with the fleet
 * the last capacity check saw: the instances of this service and what they hold, what
 * other clients hold, and the budget.
 *
 * @author pooltune
 */
public final class ConnectionFailures implements ConnectionRefusals {

	/**
	 * How long a refusal stands without a new failure: HikariCP tries again at most 5 s
	 * apart while it needs connections, so a refusal that lasts keeps being renewed.
	 */
	static final Duration REFUSAL_STANDS_FOR = Duration.ofSeconds(30);

	static final Duration WARN_EVERY = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(ConnectionFailures.class);

	private final Map<String, Failure> lastFailure = new ConcurrentHashMap<>();

	private final Map<String, Instant> lastWarned = new ConcurrentHashMap<>();

	private final Map<String, Instant> refusedSince = new ConcurrentHashMap<>();

	private final List<BiConsumer<String, Failure>> listeners = new CopyOnWriteArrayList<>();

	private volatile @Nullable CapacityReports capacity;

	/** Where the last capacity check of each pool is, once the capacity check is there. */
	public void describeFleetWith(CapacityReports capacity) {
		this.capacity = capacity;
	}

	/** Also tells the listener of every failure to open a connection, with the pool's name. */
	public void onFailure(BiConsumer<String, Failure> listener) {
		this.listeners.add(listener);
	}

	void failed(String pool, Throwable failure) {
		Failure explained = Failure.of(failure, lastCapacity(pool));
		this.lastFailure.put(pool, explained);
		this.refusedSince.putIfAbsent(pool, explained.at());
		this.listeners.forEach((listener) -> listener.accept(pool, explained));
		Instant now = Instant.now();
		Instant warned = this.lastWarned.get(pool + explained.sqlState());
		if (warned == null || warned.plus(WARN_EVERY).isBefore(now)) {
			this.lastWarned.put(pool + explained.sqlState(), now);
			logger.warn("HikariCP pool '" + pool + "' cannot open connections: " + explained.message() + " ("
					+ explained.sqlState() + "): " + explained.advice());
		}
	}

	private @Nullable CapacityReport lastCapacity(String pool) {
		CapacityReports capacity = this.capacity;
		return (capacity != null) ? capacity.lastReport(pool) : null;
	}

	/** The pool opened a connection: whatever refused it before does not any more. */
	void opened(String pool) {
		this.refusedSince.remove(pool);
	}

	@Override
	public @Nullable Map<String, Object> refusal(HikariDataSource pool) {
		String name = pool.getPoolName();
		Instant since = (name != null) ? this.refusedSince.get(name) : null;
		Failure last = (name != null) ? this.lastFailure.get(name) : null;
		if (since == null || last == null || last.at().plus(REFUSAL_STANDS_FOR).isBefore(Instant.now())) {
			return null;
		}
		Map<String, Object> refusal = new LinkedHashMap<>();
		refusal.put("since", since.toString());
		refusal.put("sqlState", last.sqlState());
		refusal.put("message", last.message());
		refusal.put("advice", last.advice());
		return refusal;
	}

	/** The pool's last failure to open a connection, or {@code null}. */
	public Failure last(String pool) {
		return this.lastFailure.get(pool);
	}

	/**
	 * One failure to open a connection.
	 *
	 * @param at when
	 * @param sqlState the driver's SQLState, or {@code "-"}
	 * @param message the driver's message
	 * @param advice what it means and what to change
	 */
	public record Failure(Instant at, String sqlState, String message, String advice) {

		/** The failure explained; with no slot left, with the fleet of the last capacity check. */
		static Failure of(Throwable failure, @Nullable CapacityReport capacity) {
			SQLException sql = ConnectionFailureCause.driverException(failure);
			String state = (sql != null) ? sql.getSQLState() : "-";
			Throwable cause = (sql != null) ? sql : failure;
			ConnectionFailureCause explained = ConnectionFailureCause.of(failure);
			Instant now = Instant.now();
			String advice;
			if (explained == ConnectionFailureCause.NO_CONNECTION_SLOT && capacity != null) {
				advice = ConnectionFailureCause.NO_SLOT_LEFT + ". " + FleetAtRefusal.describe(capacity, now);
			}
			else {
				advice = (explained != null) ? explained.advice() : "see the driver's message";
			}
			return new Failure(now, state, String.valueOf(cause.getMessage()), advice);
		}

	}

}
