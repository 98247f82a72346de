package io.github.pooltune.autoconfigure.diagnostics;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.metrics.PoolMeterNames;
import io.github.pooltune.diagnostics.PoolDeadlock;
import io.github.pooltune.pool.PoolSnapshot;

/**
 * Names a borrow that timed out on a thread that already held a connection of the same
 * pool (counted by {@link HeldConnections}): a deadlock of the thread with itself. Says
 * where both connections were borrowed (the held one from the leak registry, when leak
 * detection has reported it), what HikariCP's pool-locking formula asks of the pool with
 * the counts seen, and what to change. Counts each one ({@code db.pool.deadlocks}), keeps
 * the last for the endpoint, and logs at most one WARN per pool every
 * {@link ExhaustionWarning#EVERY}. Runs only on the thread whose borrow timed out.
 *
 * @author pooltune
 */
final class DeadlockWarning {

	static final String DEADLOCKS = "db.pool.deadlocks";

	private static final String FLYWAY = "org.flywaydb.";

	private static final Log logger = LogFactory.getLog(DeadlockWarning.class);

	private final HikariDataSource dataSource;

	private final Supplier<String> beanName;

	private final LeakRegistry leaks;

	private final PoolDeadlocks deadlocks;

	private final @Nullable MeterRegistry registry;

	private final @Nullable Counter counter;

	private final WarningThrottle throttle = new WarningThrottle(ExhaustionWarning.EVERY);

	/** For a pool that is starting: HikariCP has named it by then. */
	DeadlockWarning(HikariDataSource dataSource, Supplier<String> beanName, LeakRegistry leaks,
			PoolDeadlocks deadlocks, @Nullable MeterRegistry registry) {
		this.dataSource = dataSource;
		this.beanName = beanName;
		this.leaks = leaks;
		this.deadlocks = deadlocks;
		this.registry = registry;
		this.counter = (registry != null) ? Counter.builder(DEADLOCKS)
			.description("Borrows that timed out on a thread that already held a connection of the pool")
			.tag(PoolMeterNames.POOL_TAG, dataSource.getPoolName())
			.register(registry) : null;
	}

	/** The calling thread's borrow timed out while it held {@code held} connections of the pool. */
	void deadlocked(int held) {
		PoolDeadlock deadlock = find(held);
		this.deadlocks.record(deadlock);
		if (this.counter != null) {
			this.counter.increment();
		}
		if (this.throttle.allows(deadlock.at())) {
			logger.warn(explain(deadlock, this.throttle.takeHeldBack()));
		}
	}

	private PoolDeadlock find(int held) {
		Thread thread = Thread.currentThread();
		List<String> stack = Arrays.stream(new Throwable().getStackTrace()).map(StackTraceElement::toString).toList();
		String timedOutSite = BorrowSites.of(stack);
		PoolSnapshot pool = PoolSnapshot.of(this.dataSource);
		return new PoolDeadlock(this.beanName.get(), thread.getName(), held, pool.waiting() + 1, pool.maxConnections(),
				heldSite(thread.getName()), (timedOutSite != null) ? timedOutSite : "an unknown place",
				BorrowSites.anyFrom(stack, FLYWAY), Instant.now());
	}

	/** Where the thread borrowed what it holds: known once leak detection has reported that connection. */
	private @Nullable String heldSite(String thread) {
		return this.leaks.current(this.dataSource.getPoolName())
			.stream()
			.filter((leak) -> thread.equals(leak.thread()))
			.findFirst()
			.map((leak) -> BorrowSites.of(leak.borrowSite()))
			.orElse(null);
	}

	String explain(PoolDeadlock deadlock, int suppressedSinceLast) {
		PoolSnapshot pool = PoolSnapshot.of(this.dataSource);
		StringBuilder message = new StringBuilder(String.format(
				"Pool '%s' deadlocked thread '%s' with itself: it waited %d ms (DB_POOL_TIMEOUT) for a connection "
						+ "while it held %d of this pool, which only it can give back. ",
				deadlock.pool(), deadlock.thread(), this.dataSource.getConnectionTimeout(),
				deadlock.connectionsHeld()));
		message.append("Held connection borrowed at ").append(heldSite(deadlock)).append("; ");
		message.append("the borrow that timed out at ").append(deadlock.timedOutBorrowSite()).append(". ");
		message.append(String.format("HikariCP's pool-locking formula, pool ≥ threads × (connections per thread − 1) "
				+ "+ 1, with the counts seen (threads waiting, this one included): %s; the pool has %d "
				+ "(pool-size %d + max-overflow %d). ", deadlock.formula(), deadlock.maximumPoolSize(),
				pool.poolSize(), pool.maxOverflow()));
		if (deadlock.migration()) {
			message.append("What to change: Flyway holds one connection for its lock and migrates on a second, "
					+ "so it needs a pool of at least 2: raise DB_MAX_OVERFLOW or DB_POOL_SIZE (pooltune refuses a "
					+ "pool of 1 at start-up when Spring Boot runs Flyway through it).");
		}
		else {
			message.append(String.format("What to change: avoid the nested borrow, so that the thread uses the "
					+ "connection it holds (join the transaction, PROPAGATION_REQUIRED, instead of REQUIRES_NEW or a "
					+ "second DataSource.getConnection()); or raise DB_POOL_SIZE or DB_MAX_OVERFLOW so that "
					+ "pool-size + max-overflow is at least %d (more if more threads can nest at once), within the "
					+ "server's max_connections.", deadlock.connectionsNeeded()));
		}
		if (suppressedSinceLast > 0) {
			message.append(String.format(" (%d more since the last warning.)", suppressedSinceLast));
		}
		return message.toString();
	}

	private String heldSite(PoolDeadlock deadlock) {
		if (deadlock.heldBorrowSite() != null) {
			return deadlock.heldBorrowSite();
		}
		long threshold = this.dataSource.getLeakDetectionThreshold();
		if (threshold == 0) {
			return "an unknown place (set DB_POOL_LEAK_THRESHOLD below DB_POOL_TIMEOUT to see it)";
		}
		return String.format("an unknown place (not reported by leak detection yet: DB_POOL_LEAK_THRESHOLD is %d ms, "
				+ "DB_POOL_TIMEOUT %d ms)", threshold, this.dataSource.getConnectionTimeout());
	}

	void close() {
		if (this.registry != null && this.counter != null) {
			this.registry.remove(this.counter);
		}
	}

}
