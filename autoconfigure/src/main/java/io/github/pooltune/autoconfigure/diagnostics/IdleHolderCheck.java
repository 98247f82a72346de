package io.github.pooltune.autoconfigure.diagnostics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.BackgroundCheck;
import io.github.pooltune.autoconfigure.PooltuneScheduler;
import io.github.pooltune.capacity.InstanceName;
import io.github.pooltune.diagnostics.IdleHolders;
import io.github.pooltune.pool.PoolSnapshot;

/**
 * Finds connections held idle: checked out by the application while their server sessions
 * run nothing and hold no transaction ({@link IdleHolders}), the case of a JPA request that
 * keeps its connection through a remote call under open-in-view. Every second it reads the
 * pools' state from HikariCP (no query); while a pool is full (every connection open and in
 * use) and threads wait, it reads this instance's sessions from {@code pg_stat_activity}
 * through a connection of its own ({@link OutsideConnection}), since the pool has none to
 * spare then, every half pool timeout (1 to 10 s); otherwise through a spare pool connection every {@code diagnostics-interval},
 * and once after each wait. The exhaustion warning, the endpoint and the gauge of
 * checked-out idle connections read what it found; none of them waits for the database.
 *
 * @author pooltune
 */
public class IdleHolderCheck implements BackgroundCheck {

	static final Duration TICK = Duration.ofSeconds(1);

	static final Duration MOST_WHILE_FULL = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(IdleHolderCheck.class);

	/**
	 * This instance's sessions as {@link SessionCheck} finds them, by the name of the pool's
	 * connections: the asking connection's own name through a spare pool connection, the
	 * name learned so through pooltune's own (which has a name of its own). Sessions of
	 * other pools of this instance on another database or as another user are left out.
	 * One row at least, for the name.
	 */
	private static final String SESSIONS = """
			with this as (select coalesce(?, current_setting('application_name')) as name)
			select this.name, s.state, (extract(epoch from now() - s.state_change) * 1000)::bigint
			from this left join pg_stat_activity s
			  on s.application_name = left(this.name, %d)
			 and (this.name ~ '^[^#]+#.' or s.client_addr is not distinct from inet_client_addr())
			 and s.pid <> pg_backend_pid()
			 and s.datname = current_database() and s.usename = current_user
			 and s.state is not null""".formatted(InstanceName.MAX_LENGTH);

	private final Map<String, HikariDataSource> pools;

	private final Duration interval;

	private final OpenInView openInView;

	private final Map<String, IdleHolders> last = new ConcurrentHashMap<>();

	private final Map<String, IdleHolders> lastFound = new ConcurrentHashMap<>();

	private final Map<String, String> applicationNames = new ConcurrentHashMap<>();

	IdleHolderCheck(Map<String, HikariDataSource> pools, Duration interval, OpenInView openInView) {
		this.pools = pools;
		this.interval = interval;
		this.openInView = openInView;
	}

	/** Every {@link #TICK} once the application is ready, unless {@code diagnostics-interval} is off. */
	@Override
	public void scheduleOn(PooltuneScheduler scheduler) {
		if (!this.interval.isZero()) {
			scheduler.everyAfterReady("idle holders", TICK, TICK, this::run);
		}
	}

	void run() {
		this.pools.values().forEach((pool) -> {
			try {
				check(pool);
			}
			catch (SQLException ex) {
				logger.debug("Could not look up the idle sessions of pool '" + pool.getPoolName() + "'", ex);
			}
		});
	}

	/** The last look at the pool's checked-out connections, by HikariCP pool name. */
	public @Nullable IdleHolders last(String pool) {
		return this.last.get(pool);
	}

	/** The last look that found most of the pool's checked-out connections idle while threads waited. */
	public @Nullable IdleHolders lastFound(String pool) {
		return this.lastFound.get(pool);
	}

	/** Checked-out connections idle on the server at the last look: the gauge. */
	int idleCheckedOut(String pool) {
		IdleHolders holders = this.last.get(pool);
		return (holders != null) ? holders.idle() : 0;
	}

	/** What keeps connections for the whole web request, or {@code null} when nothing does. */
	public @Nullable String openInView() {
		return this.openInView.description();
	}

	void check(HikariDataSource pool) throws SQLException {
		PoolSnapshot now = PoolSnapshot.of(pool);
		if (!now.started()) {
			return;
		}
		IdleHolders previous = this.last.get(pool.getPoolName());
		boolean full = now.waiting() > 0 && now.available() == 0 && now.totalConnections() >= now.maxConnections();
		if (full) {
			// The name of the pool's connections, as a spare one told it, else as pooltune set it.
			String applicationName = this.applicationNames.getOrDefault(pool.getPoolName(),
					pool.getDataSourceProperties().getProperty("ApplicationName"));
			if (applicationName != null && (previous == null || previous.waiting() == 0
					|| previous.age(Instant.now()).compareTo(whileFull(pool)) >= 0)) {
				read(pool, OutsideConnection.open(pool), applicationName);
			}
		}
		else if (previous == null || previous.waiting() > 0
				|| previous.age(Instant.now()).compareTo(this.interval) >= 0) {
			read(pool, SpareConnection.borrow(pool), null);
		}
	}

	/**
	 * How often a full pool's sessions are read: often enough that a look falls within
	 * every wait that times out (half the pool timeout), at most once a second and at least
	 * every ten seconds, so a long overload opens few connections of pooltune's own.
	 */
	static Duration whileFull(HikariDataSource pool) {
		Duration half = Duration.ofMillis(pool.getConnectionTimeout() / 2);
		return (half.compareTo(TICK) < 0) ? TICK : (half.compareTo(MOST_WHILE_FULL) > 0) ? MOST_WHILE_FULL : half;
	}

	/**
	 * Reads the pool's sessions through a spare pool connection ({@code applicationName}
	 * {@code null}: its own name is the pool's) or through pooltune's own.
	 */
	private void read(HikariDataSource pool, @Nullable Connection connection, @Nullable String applicationName)
			throws SQLException {
		if (connection == null) {
			return;
		}
		String name = pool.getPoolName();
		List<String> states = new ArrayList<>();
		List<Duration> idleTimes = new ArrayList<>();
		PoolSnapshot after;
		try (connection; PreparedStatement statement = connection.prepareStatement(SESSIONS)) {
			statement.setString(1, applicationName);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					this.applicationNames.putIfAbsent(name, rows.getString(1));
					String state = rows.getString(2);
					if (state != null) {
						states.add(state);
					}
					if ("idle".equals(state)) {
						idleTimes.add(Duration.ofMillis(rows.getLong(3)));
					}
				}
			}
			// The pool as it stood when the server answered, pooltune's own borrow left out.
			after = PoolSnapshot.of(pool);
		}
		boolean fromPool = applicationName == null;
		IdleHolders holders = IdleHolders.of(name, Instant.now(), states, idleTimes,
				after.checkedOut() - (fromPool ? 1 : 0), after.available(), after.waiting());
		this.last.put(name, holders);
		if (holders.waiting() > 0 && holders.mostlyIdle()) {
			this.lastFound.put(name, holders);
		}
	}

	/**
	 * The exhaustion warning's finding and fix when, during the wait that timed out, most
	 * of the pool's checked-out connections were held idle; else {@code null}.
	 * @param pool the HikariCP pool name
	 * @param waited how long the borrow that timed out waited
	 */
	@Nullable String explain(String pool, Duration waited) {
		IdleHolders found = this.lastFound.get(pool);
		Instant now = Instant.now();
		if (found == null || found.age(now).compareTo(waited.plus(TICK.multipliedBy(2))) > 0) {
			return null;
		}
		String idleFor = found.idleFor().isEmpty() ? ""
				: String.format(", idle for %d to %d ms since their last statement",
						found.idleFor().get(found.idleFor().size() - 1).toMillis(), found.idleFor().get(0).toMillis());
		StringBuilder message = new StringBuilder(String.format(" Connections held idle: %d of the %d checked-out "
				+ "connections were idle on the server %d ms ago (no statement running, no transaction open%s): the "
				+ "application keeps them between statements while it does something else, so a bigger pool would "
				+ "only hold more of them idle.", found.idle(), found.checkedOut(), found.age(now).toMillis(), idleFor));
		String openInView = openInView();
		if (openInView != null) {
			message.append(" Spring's ").append(openInView).append(". What to change: set spring.jpa.open-in-view=false "
					+ "(load what the response needs inside the transaction), or keep remote calls and other waits out "
					+ "of the request's open session; then size the pool for the statements and transactions alone.");
		}
		else {
			message.append(" What to change: give the connection back before a remote call or other wait (close the "
					+ "JDBC connection, end the JPA EntityManager or Hibernate Session that holds it); then size the "
					+ "pool for the statements and transactions alone.");
		}
		return message.toString();
	}

}
