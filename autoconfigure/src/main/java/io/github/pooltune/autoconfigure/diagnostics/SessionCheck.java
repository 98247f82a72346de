package io.github.pooltune.autoconfigure.diagnostics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.Setting;
import io.github.pooltune.capacity.InstanceName;
import io.github.pooltune.diagnostics.SessionFinding;

/**
 * Looks up this instance's sessions in {@code pg_stat_activity}, as the pooling guides'
 * teams did by hand: sessions idle in a transaction longer than
 * {@code idle-in-transaction-warn} (a transaction left open, holding its connection and
 * its locks) and statements running longer than {@code slow-query-warn}. Only the
 * sessions of this instance: those with its {@code <service>#<instance>} name, which no
 * sibling shares, on this host or another. When the application named its connections
 * itself, the name is the whole fleet's, and the client address must match too (a
 * sibling on the same host cannot be told apart then). One WARN per finding.
 * <p>
 * It borrows one pool connection, and only a spare one ({@link SpareConnection}).
 *
 * @author pooltune
 */
public class SessionCheck {

	static final int QUERY_TEXT = 200;

	private static final Log logger = LogFactory.getLog(SessionCheck.class);

	private static final String SESSIONS = """
			select pid, state,
			       (extract(epoch from now() - case when state = 'active' then query_start else state_change end)
			        * 1000)::bigint,
			       left(regexp_replace(query, '\\s+', ' ', 'g'), %d),
			       coalesce(state_change, query_start)::text
			from pg_stat_activity
			where application_name = left(current_setting('application_name'), %d)
			  and (current_setting('application_name') ~ '^[^#]+#.'
			    or client_addr is not distinct from inet_client_addr())
			  and pid <> pg_backend_pid()
			  and ((state like 'idle in transaction%%' and now() - state_change > ? * interval '1 millisecond')
			    or (state = 'active' and now() - query_start > ? * interval '1 millisecond'))
			order by 3 desc""".formatted(QUERY_TEXT, InstanceName.MAX_LENGTH);

	private final PoolSettings settings;

	private final Map<String, HikariDataSource> pools;

	private final Map<String, List<SessionFinding>> findings = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> reported = new ConcurrentHashMap<>();

	/** Checks the given pools; findings are kept by HikariCP pool name. */
	public SessionCheck(PoolSettings settings, Map<String, HikariDataSource> pools) {
		this.settings = settings;
		this.pools = pools;
	}

	/** Checks every started pool that has an idle connection now. */
	public void run() {
		this.pools.values().forEach((pool) -> {
			try {
				check(pool);
			}
			catch (SQLException ex) {
				logger.debug("Could not look up the sessions of pool '" + pool.getPoolName() + "'", ex);
			}
		});
	}

	/** What the last check of each pool found, by HikariCP pool name. */
	public Map<String, List<SessionFinding>> findings() {
		return Map.copyOf(this.findings);
	}

	/** Sessions of the pool idle in a transaction past the threshold, at the last check. */
	public int idleInTransaction(String pool) {
		return (int) this.findings.getOrDefault(pool, List.of()).stream().filter(SessionFinding::idleInTransaction).count();
	}

	void check(HikariDataSource pool) throws SQLException {
		String name = pool.getPoolName();
		Duration idleWarn = this.settings.value(Setting.IDLE_IN_TRANSACTION_WARN);
		Duration slowWarn = this.settings.value(Setting.SLOW_QUERY_WARN);
		List<SessionFinding> found = new ArrayList<>();
		Connection connection = SpareConnection.borrow(pool);
		if (connection == null) {
			return;
		}
		try (connection; PreparedStatement statement = connection.prepareStatement(SESSIONS)) {
			statement.setLong(1, idleWarn.toMillis());
			statement.setLong(2, slowWarn.toMillis());
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					found.add(new SessionFinding(name, rows.getInt(1), rows.getString(2),
							Duration.ofMillis(rows.getLong(3)), rows.getString(4),
							rows.getInt(1) + "@" + rows.getString(5)));
				}
			}
		}
		this.findings.put(name, List.copyOf(found));
		Set<String> reportedBefore = this.reported.computeIfAbsent(name, (key) -> ConcurrentHashMap.newKeySet());
		for (SessionFinding finding : found) {
			if (reportedBefore.add(finding.key())) {
				logger.warn(finding.idleInTransaction() ? finding.describe(idleWarn, "db.idle-in-transaction-warn")
						: finding.describe(slowWarn, "db.slow-query-warn"));
			}
		}
		// Forget what ended, so the set stays as small as what the server shows.
		reportedBefore.retainAll(found.stream().map(SessionFinding::key).toList());
	}

}
