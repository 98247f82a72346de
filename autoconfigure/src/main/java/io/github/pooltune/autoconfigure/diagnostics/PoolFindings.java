package io.github.pooltune.autoconfigure.diagnostics;

/**
 * Where the diagnostics keep what they found about each pool: the warnings read it to
 * explain a timeout, the endpoint to show it. Every part is kept per pool.
 *
 * @param leaks the connections held past the leak threshold, by HikariCP pool name
 * @param failures the last failure to open a connection, by HikariCP pool name
 * @param deadlocks the borrows that timed out on a thread holding a connection of the
 * pool, by bean name
 * @param sessions the last session check's slow and idle-in-transaction sessions
 * @param idleHolders the last looks at connections checked out but idle on the server
 * @param checks the diagnostics' checks, with the server timeouts they read
 * @author pooltune
 */
public record PoolFindings(LeakRegistry leaks, ConnectionFailures failures, PoolDeadlocks deadlocks,
		SessionCheck sessions, IdleHolderCheck idleHolders, DiagnosticsChecks checks) {
}
