package io.github.pooltune.autoconfigure.endpoint;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.diagnostics.ConnectionFailures;
import io.github.pooltune.autoconfigure.diagnostics.IdleHolderCheck;
import io.github.pooltune.autoconfigure.diagnostics.LeakRegistry;
import io.github.pooltune.autoconfigure.diagnostics.PoolFindings;
import io.github.pooltune.autoconfigure.diagnostics.PoolDeadlocks;
import io.github.pooltune.diagnostics.IdleHolders;
import io.github.pooltune.diagnostics.PoolDeadlock;
import io.github.pooltune.diagnostics.ServerTimeouts;
import io.github.pooltune.diagnostics.SessionFinding;

/**
 * The {@code diagnostics} section of the {@code pooltune} endpoint, per pool: the
 * connections held longer than the leak threshold right now, the sessions the last check
 * found slow or idle in a transaction, the last failure to open a connection, the
 * server's timeouts, the connections checked out but idle on the server, and the threads
 * deadlocked with themselves by a nested borrow. All of it as last seen; reading it never
 * touches the database. Each part is there when the diagnostics are.
 *
 * @param pools every pool, by bean name
 * @param findings what the diagnostics found, or {@code null} without them
 * @author pooltune
 */
public record DiagnosticsSection(Map<String, HikariDataSource> pools, @Nullable PoolFindings findings) {

	Map<String, DiagnosticsDescriptor> describe() {
		Map<String, DiagnosticsDescriptor> diagnostics = new LinkedHashMap<>();
		this.pools.forEach((name, pool) -> diagnostics.put(name, describe(name, pool)));
		return diagnostics;
	}

	private DiagnosticsDescriptor describe(String name, HikariDataSource pool) {
		String poolName = pool.getPoolName();
		PoolFindings findings = this.findings;
		// HikariCP names a pool when it starts; before that there is nothing to show.
		if (findings == null || poolName == null) {
			return new DiagnosticsDescriptor(pool.getLeakDetectionThreshold(), List.of(), List.of(), null, null, null,
					null);
		}
		List<LeakDescriptor> leaked = findings.leaks().current(poolName).stream().map(LeakDescriptor::of).toList();
		List<SessionFinding> found = findings.sessions().findings().getOrDefault(poolName, List.of());
		PoolDeadlocks.Seen deadlocked = findings.deadlocks().of(name);
		return new DiagnosticsDescriptor(pool.getLeakDetectionThreshold(), leaked,
				found.stream().map(SessionDescriptor::of).toList(), findings.failures().last(poolName),
				findings.checks().serverTimeouts().get(poolName), IdleHoldersDescriptor.of(findings.idleHolders(), poolName),
				(deadlocked != null) ? DeadlocksDescriptor.of(deadlocked) : null);
	}

	/** One pool's diagnostics. */
	public record DiagnosticsDescriptor(long leakDetectionThresholdMillis, List<LeakDescriptor> leaks,
			List<SessionDescriptor> sessions, ConnectionFailures.Failure lastConnectionFailure,
			ServerTimeouts serverTimeouts, IdleHoldersDescriptor idleHolders,
			DeadlocksDescriptor deadlocks) {
	}

	/**
	 * Borrows that timed out on a thread that held a connection of the pool: how many, and
	 * the last one with HikariCP's pool-locking formula worked out for it.
	 */
	public record DeadlocksDescriptor(long count, String thread, int connectionsHeld, int threads,
			int connectionsPerThread, int connectionsNeeded, int maximumPoolSize, String formula,
			String heldBorrowSite, String timedOutBorrowSite, boolean migration, String at) {

		static DeadlocksDescriptor of(PoolDeadlocks.Seen seen) {
			PoolDeadlock last = seen.last();
			return new DeadlocksDescriptor(seen.count(), last.thread(), last.connectionsHeld(), last.threads(),
					last.connectionsPerThread(), last.connectionsNeeded(), last.maximumPoolSize(), last.formula(),
					last.heldBorrowSite(), last.timedOutBorrowSite(), last.migration(), last.at().toString());
		}

	}

	/** A connection held longer than the leak threshold: for how long, by which thread, borrowed where. */
	public record LeakDescriptor(String connection, String thread, long heldForSeconds, List<String> borrowSite) {

		static LeakDescriptor of(LeakRegistry.Leak leak) {
			return new LeakDescriptor(leak.connection(), leak.thread(), leak.heldFor().toSeconds(), leak.borrowSite());
		}

	}

	/** A session slow or idle in a transaction. */
	public record SessionDescriptor(int pid, String state, long seconds, String query) {

		static SessionDescriptor of(SessionFinding finding) {
			return new SessionDescriptor(finding.pid(), finding.state(), finding.age().toSeconds(), finding.query());
		}

	}

	/**
	 * Connections checked out but idle on the server: at the last look, and at the last look
	 * that found most of them idle while threads waited; what keeps them for the whole web
	 * request (open-in-view), if anything.
	 */
	public record IdleHoldersDescriptor(IdleHoldersLook last, IdleHoldersLook lastFound, String openInView) {

		static IdleHoldersDescriptor of(IdleHolderCheck check, String poolName) {
			return new IdleHoldersDescriptor(IdleHoldersLook.of(check.last(poolName)),
					IdleHoldersLook.of(check.lastFound(poolName)), check.openInView());
		}

	}

	/** One look at the server: the pool's checked-out connections by what their sessions did. */
	public record IdleHoldersLook(String at, int checkedOut, int active, int idleInTransaction, int idle,
			List<Long> idleForMillis, int waiting) {

		static IdleHoldersLook of(IdleHolders holders) {
			return (holders != null) ? new IdleHoldersLook(holders.at().toString(), holders.checkedOut(), holders.active(),
					holders.idleInTransaction(), holders.idle(),
					holders.idleFor().stream().map(Duration::toMillis).toList(), holders.waiting()) : null;
		}

	}

}
