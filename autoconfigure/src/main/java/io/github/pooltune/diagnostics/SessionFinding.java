package io.github.pooltune.diagnostics;

import java.time.Duration;

/**
 * A session of this service that the server shows idle in a transaction, or running one
 * statement, for longer than its threshold.
 *
 * @param pool the pool whose check saw it
 * @param pid the server process id ({@code pg_terminate_backend(pid)} ends it)
 * @param state {@code idle in transaction} or {@code active}
 * @param age how long it has been in that state, or running that statement
 * @param query the statement, cut short
 * @param key what makes it the same finding in the next check
 * @author pooltune
 */
public record SessionFinding(String pool, int pid, String state, Duration age, String query, String key) {

	/** Whether it is a session idle in a transaction (else: a slow statement). */
	public boolean idleInTransaction() {
		return this.state.startsWith("idle in transaction");
	}

	/**
	 * One line for the log.
	 * @param threshold the threshold the session crossed
	 * @param setting the setting that holds the threshold
	 */
	public String describe(Duration threshold, String setting) {
		String what = idleInTransaction() ? "has been " + this.state + " for " : "has been running one statement for ";
		String last = idleInTransaction() ? "; its last statement: " : "; the statement: ";
		return String.format("Session pid %d of pool '%s' %s%ds (longer than %s %ds)%s%s", this.pid, this.pool, what,
				this.age.toSeconds(), setting, threshold.toSeconds(), last, this.query);
	}

}
