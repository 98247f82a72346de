package io.github.pooltune.autoconfigure.metrics;

import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Connection-closed events, with why, at DEBUG under {@value PoolEvents#LOGGER_NAME}.
 * HikariCP has no tracker callback for a closed connection; the one place it says why is
 * its own DEBUG line {@code "{} - Closing connection {}: {}"}, written by the thread that
 * closes connections, never by a borrowing one. This Logback filter reads that call,
 * whatever HikariCP's own log level, translates the reason into pooltune's words and
 * always lets HikariCP's logging go on unchanged ({@link FilterReply#NEUTRAL}).
 * <p>
 * Every other logging call costs one reference comparison. Only with Logback, Spring
 * Boot's default; with another logging system the close events are not available.
 *
 * @author pooltune
 */
final class ConnectionClosedEvents extends TurboFilter {

	static final String HIKARI_LOGGER = "com.zaxxer.hikari.pool.PoolBase";

	static final String HIKARI_CLOSING_FORMAT = "{} - Closing connection {}: {}";

	private static final Log logger = LogFactory.getLog(PoolEvents.LOGGER_NAME);

	private static final String EVICTED = "evicted on request (HikariCP's softEvictConnections or evictConnection)";

	/** HikariCP's closure reasons, in the words of the settings that cause them. */
	private static final Map<String, String> REASONS = Map.of(
			"(connection has passed maxLifetime)", "recycled: it reached pool-recycle (HikariCP maxLifetime)",
			"(connection has passed idleTimeout)",
			"idle overflow retired: idle above pool-size for longer than HikariCP's idleTimeout",
			"(connection is broken)", "broken: a statement on it failed with a connection error",
			"(connection is dead)", "broken: it failed the liveness check before a borrow or a keepalive ping",
			"(connection evicted)", EVICTED, "(connection was evicted)", EVICTED, "(connection evicted by user)",
			EVICTED,
			"(connection aborted during shutdown)", "the pool is shutting down");

	private final LoggerContext context;

	private final Logger hikariLogger;

	private ConnectionClosedEvents(LoggerContext context) {
		this.context = context;
		this.hikariLogger = (context != null) ? context.getLogger(HIKARI_LOGGER) : null;
		setName("pooltune-connection-closed-events");
	}

	/** Adds the filter to Logback; does nothing when SLF4J logs to something else. */
	static ConnectionClosedEvents install() {
		LoggerContext context = (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) ? logback : null;
		ConnectionClosedEvents events = new ConnectionClosedEvents(context);
		if (context != null) {
			events.start();
			context.addTurboFilter(events);
		}
		return events;
	}

	/** Removes the filter again, when the application context closes. */
	void uninstall() {
		if (this.context != null) {
			this.context.getTurboFilterList().remove(this);
		}
		stop();
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
			Throwable throwable) {
		if (logger == this.hikariLogger && HIKARI_CLOSING_FORMAT.equals(format) && params != null
				&& params.length == 3 && ConnectionClosedEvents.logger.isDebugEnabled()) {
			ConnectionClosedEvents.logger.debug(params[0] + " - connection closed, " + describe(String.valueOf(params[2])));
		}
		return FilterReply.NEUTRAL;
	}

	/** The reason in pooltune's words; HikariCP's own words when it is not a known one. */
	static String describe(String hikariReason) {
		return REASONS.getOrDefault(hikariReason, hikariReason.replaceAll("^\\((.*)\\)$", "$1"));
	}

}
