package io.github.pooltune.autoconfigure.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.diagnostics.ConnectionFailures;
import io.github.pooltune.autoconfigure.diagnostics.DiagnosticsChecks;
import io.github.pooltune.autoconfigure.diagnostics.LeakRegistry;
import io.github.pooltune.diagnostics.ServerTimeouts;
import io.github.pooltune.autoconfigure.diagnostics.SessionCheck;
import io.github.pooltune.diagnostics.SessionFinding;

/**
 * The {@code diagnostics} section of the {@code pooltune} endpoint, per pool: the
 * connections held longer than the leak threshold right now, the sessions the last check
 * found slow or idle in a transaction, the last failure to open a connection, and the
 * server's timeouts. All of it as last seen; reading it never touches the database. Each
 * part is there when the diagnostics are.
 *
 * @param pools every pool, by bean name
 * @param leaks the connections held past the leak threshold
 * @param sessions the last session check's findings
 * @param failures the last failure to open a connection, per pool
 * @param scheduler the diagnostics' checks, with the server timeouts they read
 * @author pooltune
 */
public record DiagnosticsSection(Map<String, HikariDataSource> pools, @Nullable LeakRegistry leaks,
		@Nullable SessionCheck sessions, @Nullable ConnectionFailures failures, @Nullable DiagnosticsChecks scheduler) {

	Map<String, DiagnosticsDescriptor> describe() {
		Map<String, DiagnosticsDescriptor> diagnostics = new LinkedHashMap<>();
		this.pools.forEach((name, pool) -> {
			String poolName = pool.getPoolName();
			List<LeakDescriptor> leaked = (this.leaks != null && poolName != null)
					? this.leaks.current(poolName).stream().map(LeakDescriptor::of).toList() : List.of();
			// HikariCP names a pool when it starts; before that there is nothing to show.
			List<SessionFinding> found = (this.sessions != null && poolName != null)
					? this.sessions.findings().getOrDefault(poolName, List.of()) : List.of();
			ConnectionFailures.Failure failure = (this.failures != null && poolName != null)
					? this.failures.last(poolName) : null;
			ServerTimeouts timeouts = (this.scheduler != null && poolName != null)
					? this.scheduler.serverTimeouts().get(poolName) : null;
			diagnostics.put(name, new DiagnosticsDescriptor(pool.getLeakDetectionThreshold(), leaked,
					found.stream().map(SessionDescriptor::of).toList(), failure, timeouts));
		});
		return diagnostics;
	}

	/** One pool's diagnostics. */
	public record DiagnosticsDescriptor(long leakDetectionThresholdMillis, List<LeakDescriptor> leaks,
			List<SessionDescriptor> sessions, ConnectionFailures.Failure lastConnectionFailure,
			ServerTimeouts serverTimeouts) {
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

}
