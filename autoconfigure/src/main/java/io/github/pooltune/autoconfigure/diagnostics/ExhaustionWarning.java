package io.github.pooltune.autoconfigure.diagnostics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.pooltune.diagnostics.SessionFinding;
import io.github.pooltune.pool.PoolSnapshot;
import io.github.pooltune.pool.ShortBorrow;

/**
 * Explains a borrow that timed out, where HikariCP only says "Connection is not
 * available": how full the pool is, how many threads wait, who holds the connections
 * longest (with leak detection on), the slow statements the session check saw, why the
 * pool could not open more, and which setting to change; or, when the connections were
 * held idle between statements ({@link IdleHolderCheck}), that and its fix. At most one WARN per pool every
 * {@link #EVERY}; it counts the timeouts in between. Runs on the thread whose borrow
 * timed out, after its wait; never on a borrow that succeeds.
 *
 * @author pooltune
 */
final class ExhaustionWarning implements IMetricsTracker {

	static final Duration EVERY = Duration.ofSeconds(30);

	static final int HOLDERS = 3;

	/** Frames that borrow on the application's behalf; the borrow site is the first frame after them. */
	static final List<String> FRAMEWORKS = List.of("com.zaxxer.hikari.", "org.springframework.jdbc.",
			"org.springframework.orm.", "org.springframework.transaction.", "org.springframework.aop.",
			"org.springframework.cglib.", "org.hibernate.", "java.", "jdk.", "sun.");

	private static final Log logger = LogFactory.getLog(ExhaustionWarning.class);

	private final String poolName;

	private final HikariDataSource dataSource;

	private final PoolFindings findings;

	private final WarningThrottle throttle = new WarningThrottle(EVERY);

	ExhaustionWarning(String poolName, HikariDataSource dataSource, PoolFindings findings) {
		this.poolName = poolName;
		this.dataSource = dataSource;
		this.findings = findings;
	}

	@Override
	public void recordConnectionTimeout() {
		if (ShortBorrow.inProgress()) {
			// pooltune's own check gave up after its short wait; the application's borrows are what this explains
			return;
		}
		if (this.throttle.allows(Instant.now())) {
			logger.warn(explain(this.throttle.takeHeldBack()));
		}
	}

	String explain(int suppressedSinceLast) {
		PoolSnapshot pool = PoolSnapshot.of(this.dataSource);
		StringBuilder message = new StringBuilder(String.format(
				"Pool '%s' is exhausted: a borrow waited %d ms (DB_POOL_TIMEOUT) and gave up; %d of %d connections in use "
						+ "(pool-size %d + max-overflow %d), %d threads waiting.",
				this.poolName, this.dataSource.getConnectionTimeout(), pool.checkedOut(), pool.maxConnections(),
				pool.poolSize(), pool.maxOverflow(), pool.waiting()));
		ConnectionFailures.Failure failure = this.findings.failures().last(this.poolName);
		boolean cannotOpen = pool.totalConnections() < pool.maxConnections() && failure != null
				&& failure.at().isAfter(Instant.now().minusMillis(2 * this.dataSource.getConnectionTimeout()));
		if (cannotOpen) {
			message.append(String.format(" The pool could not open more connections: %s (%s): %s.",
					failure.message(), failure.sqlState(), failure.advice()));
		}
		appendHolders(message);
		appendSlowStatements(message);
		// Connections held idle need another fix than a bigger pool: it replaces the general advice.
		String idle = this.findings.idleHolders()
			.explain(this.poolName, Duration.ofMillis(this.dataSource.getConnectionTimeout()));
		if (idle != null) {
			message.append(idle);
		}
		else if (!cannotOpen) {
			message.append(" What to change: if the connections are held by slow statements or long transactions, "
					+ "fix those first; otherwise the pool is too small for this load: raise DB_MAX_OVERFLOW for bursts "
					+ "or DB_POOL_SIZE for steady load, within the server's max_connections (GET /actuator/pooltune, "
					+ "section capacity); raise DB_POOL_TIMEOUT only if callers can wait longer.");
		}
		if (suppressedSinceLast > 0) {
			message.append(String.format(" (%d more timeouts since the last warning.)", suppressedSinceLast));
		}
		return message.toString();
	}

	private void appendHolders(StringBuilder message) {
		if (this.dataSource.getLeakDetectionThreshold() == 0) {
			message.append(" Who holds the connections is unknown: set DB_POOL_LEAK_THRESHOLD (for example 60) to see "
					+ "the threads holding connections longer than that and where they borrowed them.");
			return;
		}
		List<LeakRegistry.Leak> holders = this.findings.leaks().current(this.poolName).stream().limit(HOLDERS).toList();
		if (holders.isEmpty()) {
			message.append(String.format(" No connection has been held longer than DB_POOL_LEAK_THRESHOLD (%d ms).",
					this.dataSource.getLeakDetectionThreshold()));
			return;
		}
		message.append(" Longest holders: ").append(holders.stream()
			.map((holder) -> String.format("thread %s for %ds, borrowed at %s", holder.thread(),
					holder.heldFor().toSeconds(), borrowSite(holder)))
			.collect(Collectors.joining("; "))).append('.');
	}

	private void appendSlowStatements(StringBuilder message) {
		List<SessionFinding> slow = this.findings.sessions().findings().getOrDefault(this.poolName, List.of());
		if (!slow.isEmpty()) {
			SessionFinding first = slow.get(0);
			message.append(String.format(" At the last session check, %d sessions of this instance were slow or idle in "
					+ "a transaction; the longest: pid %d, %s for %ds: %s.", slow.size(), first.pid(), first.state(),
					first.age().toSeconds(), first.query()));
		}
	}

	/** The first frame of the application: not the pool's, nor a data-access framework's. */
	private static String borrowSite(LeakRegistry.Leak leak) {
		return leak.borrowSite().stream().filter((frame) -> FRAMEWORKS.stream().noneMatch(frame::startsWith))
			.findFirst()
			.orElse(leak.borrowSite().isEmpty() ? "an unknown place" : leak.borrowSite().get(0));
	}

}
