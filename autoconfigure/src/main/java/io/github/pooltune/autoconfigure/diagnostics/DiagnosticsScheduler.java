package io.github.pooltune.autoconfigure.diagnostics;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.pooltune.autoconfigure.settings.PoolSettings;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the diagnostics on a thread of their own, never on a request's: once, soon after
 * start-up, the server's timeouts against the pool's (stale connections); then the
 * session check every {@code diagnostics-interval}.
 *
 * @author pooltune
 */
public class DiagnosticsScheduler implements SmartLifecycle {

	static final Duration FIRST_RUN = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(DiagnosticsScheduler.class);

	private final PoolSettings settings;

	private final Map<String, HikariDataSource> pools;

	private final SessionCheck sessions;

	private final Map<String, ServerTimeouts> serverTimeouts = new ConcurrentHashMap<>();

	private volatile ScheduledExecutorService executor;

	public DiagnosticsScheduler(PoolSettings settings, Map<String, HikariDataSource> pools, SessionCheck sessions) {
		this.settings = settings;
		this.pools = pools;
		this.sessions = sessions;
	}

	/** The server timeouts each pool's connections run under, by HikariCP pool name, once read. */
	public Map<String, ServerTimeouts> serverTimeouts() {
		return Map.copyOf(this.serverTimeouts);
	}

	/** Reads each started pool's server timeouts and warns about what would close its idle connections. */
	void checkServerTimeouts() {
		this.pools.values().forEach((pool) -> {
			if (pool.getHikariPoolMXBean() == null || this.serverTimeouts.containsKey(pool.getPoolName())) {
				return;
			}
			try (Connection connection = SpareConnection.borrow(pool)) {
				if (connection == null) {
					return;
				}
				ServerTimeouts timeouts = ServerTimeouts.read(connection);
				this.serverTimeouts.put(pool.getPoolName(), timeouts);
				Duration recycle = Duration.ofMillis(pool.getMaxLifetime());
				timeouts.staleConnectionWarnings(pool.getPoolName(), Duration.ofMillis(pool.getKeepaliveTime()), recycle)
					.forEach(logger::warn);
			}
			catch (SQLException ex) {
				logger.debug("Could not read the server timeouts of pool '" + pool.getPoolName() + "'", ex);
			}
		});
	}

	@Override
	public void start() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "pooltune-diagnostics");
			thread.setDaemon(true);
			return thread;
		});
		scheduler.schedule(() -> quietly(this::checkServerTimeouts), FIRST_RUN.toMillis(), TimeUnit.MILLISECONDS);
		Duration interval = this.settings.diagnosticsInterval().value();
		if (!interval.isZero()) {
			scheduler.scheduleWithFixedDelay(() -> quietly(this::runPeriodically), interval.toMillis(),
					interval.toMillis(), TimeUnit.MILLISECONDS);
		}
		this.executor = scheduler;
	}

	private void runPeriodically() {
		checkServerTimeouts();
		this.sessions.run();
	}

	private static void quietly(Runnable check) {
		try {
			check.run();
		}
		catch (RuntimeException ex) {
			// A failed run must not end the schedule; the next one tries again.
			logger.debug("pooltune diagnostics failed", ex);
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.executor;
		if (scheduler != null) {
			scheduler.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
