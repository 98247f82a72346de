package io.github.pooltune.autoconfigure.failover;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.BackgroundCheck;
import io.github.pooltune.autoconfigure.PooltuneScheduler;
import io.github.pooltune.autoconfigure.capacity.CapacityCheck;
import io.github.pooltune.autoconfigure.diagnostics.SpareConnection;

/**
 * Finds out when a pool's connections reach another database server, as after a
 * failover: every {@link #EVERY}, on a spare idle connection only (a busy pool is not
 * checked then), reads which {@link DatabaseServer} the connection reaches. When that
 * changed, logs one WARN naming the pool and the old and the new server, and checks the
 * capacity again against the new one, on the same connection; when the new server is a
 * standby although the pool was on a primary, the WARN says that writes fail. A
 * connection that still reaches the server the pool left (the old primary, still up)
 * is no new switch. Pools that spread their connections over several servers on
 * purpose ({@code loadBalanceHosts=true}) are not checked.
 *
 * @author pooltune
 */
final class ServerSwitchCheck implements BackgroundCheck {

	/** Often enough to name a failover while it is being looked at; one short query each time. */
	static final Duration EVERY = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(ServerSwitchCheck.class);

	private final Map<String, HikariDataSource> pools;

	private final @Nullable CapacityCheck capacity;

	private final Map<String, Servers> servers = new ConcurrentHashMap<>();

	ServerSwitchCheck(Map<String, HikariDataSource> pools, @Nullable CapacityCheck capacity) {
		this.pools = pools;
		this.capacity = capacity;
	}

	/** Every {@link #EVERY} once the application is ready. */
	@Override
	public void scheduleOn(PooltuneScheduler scheduler) {
		scheduler.everyAfterReady("server check", PooltuneScheduler.AFTER_READY, EVERY, this::checkAll);
	}

	/** The server each pool's connections reach, by pool bean name, as last read. */
	Map<String, DatabaseServer> servers() {
		Map<String, DatabaseServer> current = new ConcurrentHashMap<>();
		this.servers.forEach((name, servers) -> current.put(name, servers.current()));
		return Map.copyOf(current);
	}

	void checkAll() {
		this.pools.forEach(this::check);
	}

	/** Synchronized: a check run by hand (a test, say) must not race the scheduled one into a second WARN. */
	synchronized void check(String name, HikariDataSource pool) {
		if (spreadsOverServers(pool)) {
			return;
		}
		// The first look must not be skipped on a busy pool: a switch is only seen against it.
		boolean seen = this.servers.containsKey(name);
		try (Connection connection = seen ? SpareConnection.borrow(pool) : SpareConnection.borrowOnce(pool)) {
			if (connection != null && observe(name, DatabaseServer.read(connection)) && this.capacity != null) {
				this.capacity.checkAgain(name, connection);
			}
		}
		catch (SQLException ex) {
			logger.debug("Could not read which server pool '" + name + "' reaches", ex);
		}
	}

	/**
	 * Takes note of the server a connection of the pool reaches and logs what changed.
	 * @return whether the pool switched to another server
	 */
	boolean observe(String name, DatabaseServer now) {
		Servers before = this.servers.get(name);
		if (before == null) {
			this.servers.put(name, new Servers(now, null));
			return false;
		}
		if (now.isSameServerAs(before.current())) {
			if (now.inRecovery() && !before.current().inRecovery()) {
				logger.warn(String.format("Pool '%s' reaches %s, which was a primary. %s", name, now.describe(),
						writesFail()));
			}
			this.servers.put(name, new Servers(now, before.left()));
			return false;
		}
		if (before.left() != null && now.isSameServerAs(before.left())) {
			// A connection opened before the switch, still open to the old server.
			logger.debug("Pool '" + name + "' still holds a connection to " + now.describe());
			return false;
		}
		logger.warn(switched(name, before.current(), now));
		this.servers.put(name, new Servers(now, before.current()));
		return true;
	}

	private static String switched(String name, DatabaseServer before, DatabaseServer now) {
		boolean toStandby = now.inRecovery() && !before.inRecovery();
		if (now.address().equals(before.address()) && now.port() == before.port()) {
			return String.format("Pool '%s' reaches %s, a server started since the pool reached %s: it restarted, "
					+ "or another server took over its address (a floating IP).%s", name, now.describe(),
					before.describe(), toStandby ? " " + writesFail() : "");
		}
		return String.format("Pool '%s' now reaches another database server: %s, no longer %s. %s", name,
				now.describe(), before.describe(),
				toStandby ? writesFail() : "A failover, or its address now leads to another server.");
	}

	private static String writesFail() {
		return "It is a standby, read-only: every write fails (SQLState 25006) until it is promoted or the pool "
				+ "reaches the primary again; with several hosts in the URL, targetServerType=primary keeps new "
				+ "connections off standbys.";
	}

	/** pgjdbc's {@code loadBalanceHosts}: connections go to the hosts at random, so they differ by design. */
	private static boolean spreadsOverServers(HikariDataSource pool) {
		String url = pool.getJdbcUrl();
		if (url != null && url.toLowerCase(Locale.ROOT).matches(".*[?&]loadbalancehosts=true.*")) {
			return true;
		}
		return pool.getDataSourceProperties()
			.entrySet()
			.stream()
			.anyMatch((entry) -> "loadBalanceHosts".equalsIgnoreCase(String.valueOf(entry.getKey()))
					&& "true".equalsIgnoreCase(String.valueOf(entry.getValue())));
	}

	/**
	 * The server a pool reaches now and the one it switched away from, if it did.
	 *
	 * @param current the server the pool reaches
	 * @param left the server it reached before the last switch, or {@code null}
	 */
	private record Servers(DatabaseServer current, @Nullable DatabaseServer left) {

	}

}
