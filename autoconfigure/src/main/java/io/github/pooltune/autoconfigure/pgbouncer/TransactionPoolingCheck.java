package io.github.pooltune.autoconfigure.pgbouncer;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.BackgroundCheck;
import io.github.pooltune.autoconfigure.PooltuneScheduler;
import io.github.pooltune.autoconfigure.hikari.DriverProperties;
import io.github.pooltune.autoconfigure.hikari.PoolTuning;
import io.github.pooltune.autoconfigure.hikari.TransactionPooling;
import io.github.pooltune.autoconfigure.hikari.TunedPools;
import io.github.pooltune.autoconfigure.settings.PgBouncerMode;
import io.github.pooltune.autoconfigure.settings.Setting;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Looks for a transaction pooler between each PostgreSQL pool and its server that would
 * break the driver's prepared statements ({@link PoolerProbe}), each with its own
 * {@code pgbouncer} setting ({@code db.pgbouncer}, or its section's). With
 * {@code DB_PGBOUNCER=auto} it runs on a thread of its own once the application is
 * ready and logs a WARN with the setting to change; with {@code fail} it runs during
 * start-up, which it stops with an {@link UnsafeTransactionPoolingException}. With
 * {@code transaction} or {@code off} there is nothing to find out.
 *
 * @author pooltune
 */
public class TransactionPoolingCheck implements SmartInitializingSingleton, BackgroundCheck {

	private static final Log logger = LogFactory.getLog(TransactionPoolingCheck.class);

	private final TunedPools tuned;

	private final Map<String, PoolerFinding> findings = new ConcurrentHashMap<>();

	public TransactionPoolingCheck(TunedPools tuned) {
		this.tuned = tuned;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.tuned.pools().forEach((name, pool) -> {
			if (mode(name) == PgBouncerMode.FAIL) {
				PoolerFinding finding = checkAndLog(name, pool);
				if (finding != null && finding.breaksPreparedStatements()) {
					throw new UnsafeTransactionPoolingException(finding);
				}
			}
		});
	}

	/** Probes each pool with {@code auto} once the application is ready. */
	@Override
	public void scheduleOn(PooltuneScheduler scheduler) {
		Map<String, HikariDataSource> auto = new LinkedHashMap<>(this.tuned.pools());
		auto.keySet().removeIf((name) -> mode(name) != PgBouncerMode.AUTO);
		if (!auto.isEmpty()) {
			scheduler.onceReady("PgBouncer check", () -> auto.forEach(this::checkAndLog));
		}
	}

	/** Probes the pool now; the finding is kept. */
	public PoolerFinding check(String name, HikariDataSource pool) throws SQLException {
		PoolerFinding finding = PoolerProbe.probe(name, pool, TransactionPooling.of(mode(name), pool).byPort());
		this.findings.put(name, finding);
		return finding;
	}

	/** The last finding of each pool probed so far. */
	public Map<String, PoolerFinding> findings() {
		return Map.copyOf(this.findings);
	}

	private @Nullable PoolerFinding checkAndLog(String name, HikariDataSource pool) {
		if (!DriverProperties.isPostgres(pool)) {
			return null;
		}
		try {
			PoolerFinding finding = check(name, pool);
			log(finding);
			return finding;
		}
		catch (SQLException ex) {
			if (pool.isClosed() || Thread.currentThread().isInterrupted()) {
				// The application stopped before the check ran, or while it waited for a connection.
				return null;
			}
			logger.warn("Could not check whether pool '" + name + "' goes through a transaction pooler: "
					+ ex.getMessage());
			return null;
		}
	}

	private void log(PoolerFinding finding) {
		if (finding.breaksPreparedStatements() && mode(finding.pool()) == PgBouncerMode.FAIL) {
			return;
		}
		if (finding.warrantsWarning()) {
			logger.warn(finding.summary());
		}
		else if (finding.kind() == PoolerFinding.Kind.DIRECT) {
			logger.debug(finding.summary());
		}
		else {
			logger.info(finding.summary());
		}
	}

	/**
	 * A tuned pool's own pgbouncer setting. A pool that keeps the application's settings
	 * got nothing from pooltune and is never a reason to stop the start-up: it is only
	 * warned about, unless {@code db.pgbouncer} is {@code off}.
	 */
	private PgBouncerMode mode(String name) {
		PoolTuning tuning = this.tuned.tuning(name);
		if (tuning.tuned()) {
			return tuning.settings().value(Setting.PGBOUNCER);
		}
		PgBouncerMode mode = this.tuned.settings().value(Setting.PGBOUNCER);
		return (mode == PgBouncerMode.OFF) ? PgBouncerMode.OFF : PgBouncerMode.AUTO;
	}

}
