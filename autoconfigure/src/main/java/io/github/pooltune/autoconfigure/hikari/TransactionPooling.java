package io.github.pooltune.autoconfigure.hikari;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.database.JdbcUrl;
import io.github.pooltune.autoconfigure.settings.InvalidPoolSettingsException;
import io.github.pooltune.autoconfigure.settings.InvalidSetting;
import io.github.pooltune.autoconfigure.settings.PgBouncerMode;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.ResolvedSetting;
import io.github.pooltune.autoconfigure.settings.Setting;

/**
 * Makes the PostgreSQL driver safe behind a pooler in transaction pooling mode
 * (PgBouncer's {@code pool_mode = transaction}), before the pool starts: pgjdbc's
 * {@code prepareThreshold=0}, so that it never names a server-side prepared statement,
 * which would live on one server connection while the next transaction of the same
 * client runs on another. Expected with {@code DB_PGBOUNCER=transaction}, and with
 * {@code auto} or {@code fail} when the URL points at port 6432, PgBouncer's.
 * <p>
 * A {@code prepareThreshold} the user set wins under {@code auto}, as every driver value
 * does; under {@code transaction} one other than 0 is an error. So are the server-side
 * timeouts pooltune would send in pgjdbc's {@code options}: PgBouncer refuses that
 * start-up parameter, and transaction pooling keeps no session setting.
 *
 * @author pooltune
 */
public final class TransactionPooling {

	/** The port PgBouncer listens on unless told otherwise. */
	public static final int PGBOUNCER_PORT = 6432;

	static final String PREPARE_THRESHOLD = "prepareThreshold";

	private static final Log logger = LogFactory.getLog(TransactionPooling.class);

	private final String reason;

	private final boolean byPort;

	private TransactionPooling(String reason, boolean byPort) {
		this.reason = reason;
		this.byPort = byPort;
	}

	/** Whether pooltune expects this pool to go through transaction pooling, and why. */
	public static TransactionPooling of(PoolSettings settings, HikariConfig config) {
		return of(settings.value(Setting.PGBOUNCER), config);
	}

	/** Whether a pool with that pgbouncer mode is expected to go through transaction pooling, and why. */
	public static TransactionPooling of(PgBouncerMode mode, HikariConfig config) {
		if (mode == PgBouncerMode.TRANSACTION) {
			return new TransactionPooling("DB_PGBOUNCER=transaction", false);
		}
		if ((mode == PgBouncerMode.AUTO || mode == PgBouncerMode.FAIL) && isPgBouncerPort(config.getJdbcUrl())) {
			return new TransactionPooling("port " + PGBOUNCER_PORT + ", PgBouncer's", true);
		}
		return new TransactionPooling(null, false);
	}

	/** Whether the pool is expected to go through transaction pooling. */
	public boolean expected() {
		return this.reason != null;
	}

	/** Whether that is only because of the URL's port. */
	public boolean byPort() {
		return this.byPort;
	}

	/**
	 * Sets {@code prepareThreshold=0} unless the user set a value, and warns about
	 * HikariCP settings that change the session, which transaction pooling does not keep.
	 * @return what was set, for the start-up line
	 * @throws InvalidPoolSettingsException if other settings cannot work through
	 * transaction pooling
	 */
	List<String> applyTo(HikariConfig config, PoolSettings settings, String beanName) {
		if (!expected()) {
			return List.of();
		}
		check(settings, config);
		List<String> applied = new ArrayList<>();
		DriverProperties threshold = new DriverProperties(Map.of(PREPARE_THRESHOLD, "0"), Map.of());
		threshold.applyTo(config).forEach((property) -> applied.add(property + " (" + this.reason + ")"));
		List<String> session = sessionSettings(config);
		if (!session.isEmpty()) {
			logger.warn("Pool '" + beanName + "' goes through transaction pooling (" + this.reason + "), which does "
					+ "not keep what HikariCP sets on each new connection: " + String.join(", ", session)
					+ " lands on whichever server connection the pooler lends at that moment, and other clients "
					+ "inherit it. Set it on the role instead (ALTER ROLE … SET …), or per transaction.");
		}
		return applied;
	}

	private void check(PoolSettings settings, HikariConfig config) {
		List<InvalidSetting> invalid = new ArrayList<>();
		String orOff = this.byPort ? "; if PostgreSQL itself listens on port " + PGBOUNCER_PORT
				+ ", set DB_PGBOUNCER=off" : "";
		serverSideTimeout(settings.get(Setting.STATEMENT_TIMEOUT), "statement_timeout", "query_timeout", orOff,
				invalid);
		serverSideTimeout(settings.get(Setting.IDLE_IN_TRANSACTION_TIMEOUT), "idle_in_transaction_session_timeout",
				"idle_transaction_timeout", orOff, invalid);
		String userThreshold = DriverProperties.userValue(config, PREPARE_THRESHOLD);
		if (!this.byPort && userThreshold != null && !"0".equals(userThreshold.strip())) {
			ResolvedSetting<PgBouncerMode> mode = settings.get(Setting.PGBOUNCER);
			invalid.add(new InvalidSetting(Setting.PGBOUNCER, mode.formattedValue(), mode.source(),
					"off, when the driver's prepareThreshold=" + userThreshold + " (URL or data source properties) is "
							+ "meant: a transaction pooler breaks server-side prepared statements unless it keeps "
							+ "them (PgBouncer 1.21+ with max_prepared_statements); otherwise remove that "
							+ "prepareThreshold"));
		}
		if (!invalid.isEmpty()) {
			throw new InvalidPoolSettingsException(invalid);
		}
	}

	private void serverSideTimeout(ResolvedSetting<Duration> setting, String parameter,
			String pgbouncerSetting, String orOff, List<InvalidSetting> invalid) {
		if (!setting.value().isZero()) {
			invalid.add(new InvalidSetting(setting.setting(), setting.formattedValue(), setting.source(),
					"0 (off) through PgBouncer (" + this.reason + "): PgBouncer refuses the options start-up "
							+ "parameter that carries it, and transaction pooling keeps no session setting; set it "
							+ "for the role (ALTER ROLE … SET " + parameter + " = '" + setting.formattedValue()
							+ "') or use PgBouncer's " + pgbouncerSetting + orOff));
		}
	}

	/** Whether a URL names port 6432 for any of its hosts, as the driver reads it. */
	static boolean isPgBouncerPort(@Nullable String url) {
		JdbcUrl jdbcUrl = JdbcUrl.parse(url);
		return jdbcUrl != null && jdbcUrl.connectsToPort(PGBOUNCER_PORT);
	}

	private static List<String> sessionSettings(HikariConfig config) {
		List<String> session = new ArrayList<>();
		if (config.getConnectionInitSql() != null) {
			session.add("connectionInitSql");
		}
		if (config.getSchema() != null) {
			session.add("schema (SET search_path)");
		}
		if (config.getTransactionIsolation() != null) {
			session.add("transactionIsolation (SET SESSION CHARACTERISTICS)");
		}
		return session;
	}

}
