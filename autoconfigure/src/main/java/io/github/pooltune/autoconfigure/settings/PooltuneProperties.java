package io.github.pooltune.autoconfigure.settings;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The pool settings as users write them: {@code DB_POOL_SIZE} in the environment or
 * {@code db.pool-size} in {@code application.yml} are two spellings of one setting.
 * Values are checked by {@link PoolSettingsResolver}, never here.
 *
 * @author pooltune
 */
@ConfigurationProperties("db")
public class PooltuneProperties {

	/**
	 * Whether pooltune tunes the HikariCP pool (DB_ENABLED). When false, Spring Boot's
	 * pool runs as spring.datasource.hikari.* configures it.
	 */
	private boolean enabled = true;

	/**
	 * Connections kept open, the base pool (DB_POOL_SIZE), from 1 to 100. Maps to
	 * HikariCP's minimumIdle.
	 */
	private int poolSize = 5;

	/**
	 * Extra connections opened under load and closed again once idle (DB_MAX_OVERFLOW),
	 * from 0 to 100. HikariCP's maximumPoolSize is pool-size + max-overflow.
	 */
	private int maxOverflow = 10;

	/**
	 * Longest wait for a free connection before the borrow fails (DB_POOL_TIMEOUT), at
	 * least 1s. A bare number is seconds. Maps to HikariCP's connectionTimeout.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration poolTimeout = Duration.ofSeconds(30);

	/**
	 * Longest life of a connection before it is replaced (DB_POOL_RECYCLE): -1 for never,
	 * or at least 30s (HikariCP's floor). A bare number is seconds. Maps to HikariCP's
	 * maxLifetime.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration poolRecycle = Duration.ofSeconds(3600);

	/**
	 * Whether to make sure a connection is alive before it is handed out
	 * (DB_POOL_PRE_PING). HikariCP checks every connection idle for more than 500 ms on
	 * borrow; true also pings idle connections in the background (HikariCP's
	 * keepaliveTime), false turns that background ping off.
	 */
	private boolean poolPrePing = true;

	/**
	 * How often idle connections are pinged to keep them alive (DB_POOL_KEEPALIVE), for
	 * firewalls and load balancers that drop idle connections: 0 (off) or at least 30s,
	 * below pool-recycle. A bare number is seconds. Maps to HikariCP's keepaliveTime; when
	 * not set, pool-pre-ping decides (2 minutes, or off).
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration poolKeepalive;

	/**
	 * How long a connection may be held before it is reported as a possible leak, with
	 * the thread and the place that borrowed it (DB_POOL_LEAK_THRESHOLD): 0 (off) or at
	 * least 2s, below pool-recycle. A bare number is seconds. Maps to HikariCP's
	 * leakDetectionThreshold.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration poolLeakThreshold = Duration.ZERO;

	/**
	 * Longest time to open a new connection (DB_CONNECT_TIMEOUT), at least 1s and at most
	 * pool-timeout. A bare number is seconds. Maps to the PostgreSQL driver's
	 * connectTimeout; by default 10s, or pool-timeout when that is shorter.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration connectTimeout = Duration.ofSeconds(10);

	/**
	 * Longest wait for the server to answer on an open connection before the driver gives
	 * the connection up (DB_SOCKET_TIMEOUT): 0 (off) or at least 1s, above
	 * statement-timeout. A bare number is seconds. Maps to the PostgreSQL driver's
	 * socketTimeout; guards against stalled networks.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration socketTimeout = Duration.ofSeconds(300);

	/**
	 * Server-side limit on each statement (DB_STATEMENT_TIMEOUT), set on every pool
	 * connection as PostgreSQL's statement_timeout: 0 (off, the server's own setting
	 * applies). A bare number is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration statementTimeout = Duration.ZERO;

	/**
	 * Server-side limit on a session idle inside a transaction (DB_IDLE_IN_TRANSACTION_TIMEOUT),
	 * set on every pool connection as PostgreSQL's idle_in_transaction_session_timeout: 0
	 * (off, the server's own setting applies). A bare number is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration idleInTransactionTimeout = Duration.ZERO;

	/**
	 * Profile that supplies every setting not set explicitly (DB_PRESET): local (2 + 3),
	 * staging (10 + 10) or production (20 + 20, recycle 1800s).
	 */
	private Preset preset;

	/**
	 * How many instances of this service share the database: replicas, tasks, pods
	 * (DB_INSTANCES), from 1 to 1000. The capacity check multiplies each instance's
	 * pool-size + max-overflow by it.
	 */
	private int instances = 1;

	/**
	 * Connection slots kept free for admin sessions, migrations and monitoring
	 * (DB_RESERVED_CONNECTIONS), from 0 to 10000, on top of the server's own superuser
	 * reserve.
	 */
	private int reservedConnections = 10;

	/**
	 * What to do at start-up when the fleet could open more connections than the server,
	 * the role or the database allows (DB_CAPACITY_CHECK): warn (log it), fail (stop the
	 * start-up) or off.
	 */
	private CapacityCheckMode capacityCheck = CapacityCheckMode.WARN;

	/**
	 * How often the fleet is checked again against the server while the application runs
	 * (DB_CAPACITY_CHECK_INTERVAL), counting the instances of this service connected now:
	 * 0 (off) or at least 1s. A bare number is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration capacityCheckInterval = Duration.ofSeconds(60);

	/**
	 * Whether the pool goes through PgBouncer in transaction pooling mode (DB_PGBOUNCER):
	 * auto (make the driver safe on PgBouncer's port 6432, and warn after start-up when a
	 * transaction pooler would break the driver's prepared statements), transaction
	 * (always make the driver safe: prepareThreshold=0), fail (as auto, but stop the
	 * start-up) or off.
	 */
	private PgBouncerMode pgbouncer = PgBouncerMode.AUTO;

	/**
	 * How often this service's sessions are looked up in pg_stat_activity for sessions
	 * idle in a transaction and slow statements (DB_DIAGNOSTICS_INTERVAL): 0 (off) or at
	 * least 1s. A bare number is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration diagnosticsInterval = Duration.ofSeconds(60);

	/**
	 * A session idle inside a transaction for longer than this is reported
	 * (DB_IDLE_IN_TRANSACTION_WARN), at least 1s. A bare number is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration idleInTransactionWarn = Duration.ofMinutes(5);

	/**
	 * A statement running for longer than this is reported (DB_SLOW_QUERY_WARN), at least
	 * 1s. A bare number is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration slowQueryWarn = Duration.ofMinutes(1);

	/**
	 * Settings of one HikariDataSource bean each, by bean name, matched ignoring case
	 * (db.pools.<bean-name>.pool-size, DB_POOLS_<BEANNAME>_POOL_SIZE): any pool-level
	 * setting of db.*, which tunes Spring Boot's pool only. What a section does not set
	 * comes from its preset, else from db.*. The application's own pool with no section
	 * keeps the application's settings.
	 */
	private final Map<String, PoolProperties> pools = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getPoolSize() {
		return this.poolSize;
	}

	public void setPoolSize(int poolSize) {
		this.poolSize = poolSize;
	}

	public int getMaxOverflow() {
		return this.maxOverflow;
	}

	public void setMaxOverflow(int maxOverflow) {
		this.maxOverflow = maxOverflow;
	}

	public Duration getPoolTimeout() {
		return this.poolTimeout;
	}

	public void setPoolTimeout(Duration poolTimeout) {
		this.poolTimeout = poolTimeout;
	}

	public Duration getPoolRecycle() {
		return this.poolRecycle;
	}

	public void setPoolRecycle(Duration poolRecycle) {
		this.poolRecycle = poolRecycle;
	}

	public boolean isPoolPrePing() {
		return this.poolPrePing;
	}

	public void setPoolPrePing(boolean poolPrePing) {
		this.poolPrePing = poolPrePing;
	}

	public Preset getPreset() {
		return this.preset;
	}

	public void setPreset(Preset preset) {
		this.preset = preset;
	}

	public int getInstances() {
		return this.instances;
	}

	public void setInstances(int instances) {
		this.instances = instances;
	}

	public int getReservedConnections() {
		return this.reservedConnections;
	}

	public void setReservedConnections(int reservedConnections) {
		this.reservedConnections = reservedConnections;
	}

	public CapacityCheckMode getCapacityCheck() {
		return this.capacityCheck;
	}

	public void setCapacityCheck(CapacityCheckMode capacityCheck) {
		this.capacityCheck = capacityCheck;
	}

	public Duration getCapacityCheckInterval() {
		return this.capacityCheckInterval;
	}

	public void setCapacityCheckInterval(Duration capacityCheckInterval) {
		this.capacityCheckInterval = capacityCheckInterval;
	}

	public PgBouncerMode getPgbouncer() {
		return this.pgbouncer;
	}

	public void setPgbouncer(PgBouncerMode pgbouncer) {
		this.pgbouncer = pgbouncer;
	}

	public Duration getPoolKeepalive() {
		return this.poolKeepalive;
	}

	public void setPoolKeepalive(Duration poolKeepalive) {
		this.poolKeepalive = poolKeepalive;
	}

	public Duration getPoolLeakThreshold() {
		return this.poolLeakThreshold;
	}

	public void setPoolLeakThreshold(Duration poolLeakThreshold) {
		this.poolLeakThreshold = poolLeakThreshold;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getSocketTimeout() {
		return this.socketTimeout;
	}

	public void setSocketTimeout(Duration socketTimeout) {
		this.socketTimeout = socketTimeout;
	}

	public Duration getStatementTimeout() {
		return this.statementTimeout;
	}

	public void setStatementTimeout(Duration statementTimeout) {
		this.statementTimeout = statementTimeout;
	}

	public Duration getIdleInTransactionTimeout() {
		return this.idleInTransactionTimeout;
	}

	public void setIdleInTransactionTimeout(Duration idleInTransactionTimeout) {
		this.idleInTransactionTimeout = idleInTransactionTimeout;
	}

	public Duration getDiagnosticsInterval() {
		return this.diagnosticsInterval;
	}

	public void setDiagnosticsInterval(Duration diagnosticsInterval) {
		this.diagnosticsInterval = diagnosticsInterval;
	}

	public Duration getIdleInTransactionWarn() {
		return this.idleInTransactionWarn;
	}

	public void setIdleInTransactionWarn(Duration idleInTransactionWarn) {
		this.idleInTransactionWarn = idleInTransactionWarn;
	}

	public Map<String, PoolProperties> getPools() {
		return this.pools;
	}

	public Duration getSlowQueryWarn() {
		return this.slowQueryWarn;
	}

	public void setSlowQueryWarn(Duration slowQueryWarn) {
		this.slowQueryWarn = slowQueryWarn;
	}

}
