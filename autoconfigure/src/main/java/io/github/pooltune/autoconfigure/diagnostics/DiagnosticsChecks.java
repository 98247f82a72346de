package io.github.pooltune.autoconfigure.diagnostics;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.pooltune.autoconfigure.BackgroundCheck;
import io.github.pooltune.autoconfigure.PooltuneScheduler;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.Setting;
import io.github.pooltune.diagnostics.ServerTimeouts;

/**
 * The diagnostics that run in the background, never on a request's thread: once, soon after
 * start-up, the server's timeouts against the pool's (stale connections); then the
 * session check every {@code diagnostics-interval}.
 *
 * @author pooltune
 */
public class DiagnosticsChecks implements BackgroundCheck {

	private static final Log logger = LogFactory.getLog(DiagnosticsChecks.class);

	private final PoolSettings settings;

	private final Map<String, HikariDataSource> pools;

	private final SessionCheck sessions;

	private final Map<String, ServerTimeouts> serverTimeouts = new ConcurrentHashMap<>();

	public DiagnosticsChecks(PoolSettings settings, Map<String, HikariDataSource> pools, SessionCheck sessions) {
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

	/** The server timeouts once the application is ready, then everything every {@code diagnostics-interval}. */
	@Override
	public void scheduleOn(PooltuneScheduler scheduler) {
		scheduler.onceReady("server timeouts", this::checkServerTimeouts);
		Duration interval = this.settings.value(Setting.DIAGNOSTICS_INTERVAL);
		if (!interval.isZero()) {
			scheduler.everyAfterReady("session check", interval, interval, this::runPeriodically);
		}
	}

	private void runPeriodically() {
		checkServerTimeouts();
		this.sessions.run();
	}

}
