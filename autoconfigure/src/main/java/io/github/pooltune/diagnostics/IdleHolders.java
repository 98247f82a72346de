package io.github.pooltune.diagnostics;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A pool's checked-out connections as the server saw them at one moment: how many ran a
 * statement, how many sat idle in a transaction, and how many were plain {@code idle}:
 * borrowed by the application, yet neither running anything nor in a transaction. A
 * connection held idle is one the application keeps between statements while it does
 * something else (a remote call, rendering a view); a bigger pool only holds more of them.
 * <p>
 * The server shows a connection idle in the pool as {@code idle} too, so the checked-out
 * idle ones are counted, not picked out: {@code checkedOut − active − idleInTransaction}.
 * Only when no connection was idle in the pool are the {@code idle} sessions all checked
 * out, and their idle times ({@code now − state_change}) known.
 *
 * @param pool the HikariCP pool
 * @param at when the server was read
 * @param checkedOut the pool's connections in use then (not counting pooltune's own)
 * @param active of those, the sessions running a statement
 * @param idleInTransaction of those, the sessions idle in a transaction
 * @param idle of those, the sessions idle: checked out, doing nothing on the server
 * @param idleFor how long each checked-out idle session had been idle, longest first;
 * empty unless the pool had no connection idle in it
 * @param waiting threads waiting for a connection then
 * @author pooltune
 */
public record IdleHolders(String pool, Instant at, int checkedOut, int active, int idleInTransaction, int idle,
		List<Duration> idleFor, int waiting) {

	/**
	 * How long a checked-out session must have been idle to count as held idle, when its
	 * idle time is known: longer than the pause between two statements of one piece of work.
	 */
	public static final Duration LINGERING = Duration.ofMillis(100);

	/**
	 * Reads one look at the server.
	 * @param pool the HikariCP pool
	 * @param at when the server was read
	 * @param states the state of each session of the pool, from {@code pg_stat_activity}
	 * @param idleTimes how long each {@code idle} session had been idle
	 * @param checkedOut the pool's connections in use, not counting pooltune's own
	 * @param idleInPool the pool's connections idle in the pool
	 * @param waiting threads waiting for a connection
	 */
	public static IdleHolders of(String pool, Instant at, List<String> states, List<Duration> idleTimes,
			int checkedOut, int idleInPool, int waiting) {
		int active = (int) states.stream().filter("active"::equals).count();
		int inTransaction = (int) states.stream().filter((state) -> state.startsWith("idle in transaction")).count();
		int idle = Math.max(0, Math.min(checkedOut - active - inTransaction, idleTimes.size()));
		List<Duration> idleFor = (idleInPool == 0)
				? idleTimes.stream().sorted(Comparator.reverseOrder()).toList() : List.of();
		return new IdleHolders(pool, at, Math.max(checkedOut, 0), active, inTransaction, idle, idleFor, waiting);
	}

	/**
	 * Whether most of the checked-out connections were held idle: at least half of them,
	 * idle longer than {@link #LINGERING} where their idle time is known. One look at a
	 * moment stands for the whole hold: the share of checked-out connections idle at a
	 * random moment is the share of their hold they spend idle.
	 */
	public boolean mostlyIdle() {
		long lingering = this.idleFor.isEmpty() ? this.idle
				: this.idleFor.stream().filter((time) -> time.compareTo(LINGERING) >= 0).count();
		return lingering > 0 && 2 * lingering >= this.checkedOut;
	}

	/** How long ago the server was read. */
	public Duration age(Instant now) {
		return Duration.between(this.at, now);
	}

}
