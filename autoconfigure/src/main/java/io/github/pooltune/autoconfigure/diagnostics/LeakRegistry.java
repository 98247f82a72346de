package io.github.pooltune.autoconfigure.diagnostics;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections HikariCP's leak detection reports as held longer than
 * {@code pool-leak-threshold} right now, each under the pool it belongs to: added when
 * HikariCP reports a leak, removed when it reports the connection returned. Bounded, so a
 * leaking application cannot grow it without end.
 *
 * @author pooltune
 */
public final class LeakRegistry {

	static final int MAX_LEAKS = 100;

	/** Frames of the borrow site kept: enough to find the caller, not the whole stack. */
	static final int MAX_FRAMES = 12;

	private final Map<String, Leak> leaks = new ConcurrentHashMap<>();

	void detected(String pool, String connection, String thread, Throwable borrowSite, Duration threshold) {
		if (this.leaks.size() < MAX_LEAKS) {
			StackTraceElement[] frames = (borrowSite != null) ? borrowSite.getStackTrace() : new StackTraceElement[0];
			List<String> site = Arrays.stream(frames).limit(MAX_FRAMES).map(StackTraceElement::toString).toList();
			this.leaks.put(connection, new Leak(pool, connection, thread, Instant.now().minus(threshold), site));
		}
	}

	void returned(String connection) {
		this.leaks.remove(connection);
	}

	/** The connections of every pool held too long now, longest first. */
	public List<Leak> current() {
		return this.leaks.values().stream().sorted(Comparator.comparing(Leak::borrowedBefore)).toList();
	}

	/** The connections of one pool (its HikariCP pool name) held too long now, longest first. */
	public List<Leak> current(String pool) {
		return current().stream().filter((leak) -> pool.equals(leak.pool())).toList();
	}

	/**
	 * One connection held longer than the threshold.
	 *
	 * @param pool the HikariCP pool name of the pool it belongs to
	 * @param connection the physical connection, as the driver names it
	 * @param thread the thread that borrowed it
	 * @param borrowedBefore it was borrowed at this time or earlier (HikariCP reports a
	 * leak once the threshold has passed)
	 * @param borrowSite where it was borrowed, innermost frame first
	 */
	public record Leak(String pool, String connection, String thread, Instant borrowedBefore, List<String> borrowSite) {

		/** How long it has been held, at least. */
		public Duration heldFor() {
			return Duration.between(this.borrowedBefore, Instant.now());
		}

	}

}
