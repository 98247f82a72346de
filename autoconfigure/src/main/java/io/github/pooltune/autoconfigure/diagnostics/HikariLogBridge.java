package io.github.pooltune.autoconfigure.diagnostics;

import java.time.Duration;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * What HikariCP says only in its own log lines, read where they are written: a closed
 * connection and why, a leak its leak detection found and its return, a failure to open
 * a connection and a connection opened again. HikariCP has no callback for any of these; it writes each line on its
 * own threads (the connection closer, the adder, the leak timer), never on a borrowing
 * thread. This Logback filter reads those calls whatever HikariCP's log level is, and
 * always lets HikariCP's logging go on unchanged ({@link FilterReply#NEUTRAL}).
 * <p>
 * Every other logging call costs one reference comparison per HikariCP logger. Only with
 * Logback, Spring Boot's default.
 *
 * @author pooltune
 */
final class HikariLogBridge extends TurboFilter {

	static final String POOL_EVENTS_LOGGER = "io.github.pooltune.pool";

	static final String CLOSING = "{} - Closing connection {}: {}";

	static final String LEAK = "Connection leak detection triggered for {} on thread {}, stack trace follows";

	static final String UNLEAKED = "Previously reported leaked connection {} on thread {} was returned to the pool (unleaked)";

	static final String CANNOT_ACQUIRE = "{} - Cannot acquire connection from data source";

	/**
	 * Written once a new connection is in the pool. Not HikariCP's connection-created
	 * callback: HikariCP 7 calls that after a failed attempt too.
	 */
	static final String ADDED = "{} - Added connection {}";

	/** HikariCP 7 names a pool's housekeeper thread {@code "<pool>:housekeeper"}, 5 and 6 {@code "<pool> housekeeper"}. */
	private static final Pattern HOUSEKEEPER = Pattern.compile("(.+)[: ]housekeeper$");

	private static final Log poolEvents = LogFactory.getLog(POOL_EVENTS_LOGGER);

	private static final String EVICTED = "evicted on request (HikariCP's softEvictConnections or evictConnection)";

	/** HikariCP's closure reasons, in the words of the settings that cause them. */
	private static final Map<String, String> REASONS = Map.of(
			"(connection has passed maxLifetime)", "recycled: it reached pool-recycle (HikariCP maxLifetime)",
			"(connection has passed idleTimeout)",
			"idle overflow retired: idle above pool-size for longer than HikariCP's idleTimeout",
			"(connection is broken)", "broken: a statement on it failed with a connection error",
			"(connection is dead)", "broken: it failed the liveness check before a borrow or a keepalive ping",
			"(connection evicted)", EVICTED, "(connection was evicted)", EVICTED, "(connection evicted by user)",
			EVICTED, "(connection aborted during shutdown)", "the pool is shutting down");

	private final LoggerContext context;

	private final Logger poolBase;

	private final Logger hikariPool;

	private final Logger leakTask;

	private final LeakRegistry leaks;

	private final ConnectionFailures failures;

	private final ToLongFunction<String> leakThreshold;

	private HikariLogBridge(LoggerContext context, LeakRegistry leaks, ConnectionFailures failures,
			ToLongFunction<String> leakThreshold) {
		this.context = context;
		this.poolBase = context.getLogger("com.zaxxer.hikari.pool.PoolBase");
		this.hikariPool = context.getLogger("com.zaxxer.hikari.pool.HikariPool");
		this.leakTask = context.getLogger("com.zaxxer.hikari.pool.ProxyLeakTask");
		this.leaks = leaks;
		this.failures = failures;
		this.leakThreshold = leakThreshold;
		setName("pooltune-hikari-log-bridge");
	}

	/**
	 * Adds the filter to Logback; returns {@code null} when SLF4J logs to something else.
	 * @param leakThreshold the leak threshold in milliseconds of a pool, by HikariCP pool name
	 */
	static @Nullable HikariLogBridge install(LeakRegistry leaks, ConnectionFailures failures,
			ToLongFunction<String> leakThreshold) {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return null;
		}
		HikariLogBridge bridge = new HikariLogBridge(context, leaks, failures, leakThreshold);
		bridge.start();
		context.addTurboFilter(bridge);
		return bridge;
	}

	/** Removes the filter again, when the application context closes. */
	void uninstall() {
		this.context.getTurboFilterList().remove(this);
		stop();
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
			Throwable throwable) {
		if (params == null) {
			return FilterReply.NEUTRAL;
		}
		if (logger == this.poolBase && params.length == 3 && CLOSING.equals(format)) {
			closed(String.valueOf(params[0]), String.valueOf(params[2]));
		}
		else if (logger == this.leakTask && params.length == 3 && LEAK.equals(format)) {
			String connection = String.valueOf(params[0]);
			Throwable borrowSite = (params[2] instanceof Throwable site) ? site : null;
			String pool = poolOfHousekeeper(Thread.currentThread().getName());
			this.leaks.detected(pool, connection, String.valueOf(params[1]), borrowSite,
					Duration.ofMillis(this.leakThreshold.applyAsLong(pool)));
		}
		else if (logger == this.leakTask && params.length == 2 && UNLEAKED.equals(format)) {
			this.leaks.returned(String.valueOf(params[0]));
		}
		else if (logger == this.hikariPool && params.length == 2 && CANNOT_ACQUIRE.equals(format)
				&& params[1] instanceof Throwable failure) {
			this.failures.failed(String.valueOf(params[0]), failure);
		}
		else if (logger == this.hikariPool && params.length == 2 && ADDED.equals(format)) {
			this.failures.opened(String.valueOf(params[0]));
		}
		return FilterReply.NEUTRAL;
	}

	/**
	 * HikariCP's leak line names the connection, not its pool; it is written on the
	 * pool's housekeeper thread, which carries the pool's name.
	 */
	static String poolOfHousekeeper(String threadName) {
		Matcher matcher = HOUSEKEEPER.matcher(threadName);
		return matcher.matches() ? matcher.group(1) : threadName;
	}

	private static void closed(String pool, String hikariReason) {
		if (poolEvents.isDebugEnabled()) {
			poolEvents.debug(pool + " - connection closed, " + describe(hikariReason));
		}
	}

	/** The reason in pooltune's words; HikariCP's own words when it is not a known one. */
	static String describe(String hikariReason) {
		return REASONS.getOrDefault(hikariReason, hikariReason.replaceAll("^\\((.*)\\)$", "$1"));
	}

}
