package io.github.pooltune.autoconfigure.settings;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationUnit;

/**
 * The settings of one pool as users write them: in {@code db.*} for Spring Boot's pool
 * ({@link PooltuneProperties}), and under {@code db.pools.<bean-name>.*} for any pool
 * ({@code DB_POOLS_<BEANNAME>_POOL_SIZE} in the environment), with the same meaning and
 * the same allowed values. Each value is {@code null} when not set; its {@link Setting}
 * says its default and checks it, never this class.
 *
 * @author pooltune
 */
public class PoolProperties {

	/**
	 * Connections kept open, the base pool (DB_POOL_SIZE): 1–100. Maps to HikariCP's
	 * minimumIdle.
	 */
	private @Nullable Integer poolSize;

	/**
	 * Extra connections opened under load and closed again once idle (DB_MAX_OVERFLOW):
	 * 0–100. HikariCP's maximumPoolSize is pool-size + max-overflow.
	 */
	private @Nullable Integer maxOverflow;

	/**
	 * Longest wait for a free connection before the borrow fails (DB_POOL_TIMEOUT): ≥ 1s.
	 * A bare number is seconds. Maps to HikariCP's connectionTimeout.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration poolTimeout;

	/**
	 * Longest life of a connection before it is replaced (DB_POOL_RECYCLE): -1 (never),
	 * or ≥ 30s and below credentials-lifetime, when that is set (then never is refused).
	 * 30s is HikariCP's floor. A bare number is seconds. Maps to HikariCP's maxLifetime.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration poolRecycle;

	/**
	 * Whether to make sure a connection is alive before it is handed out
	 * (DB_POOL_PRE_PING). HikariCP checks every connection idle for more than 500 ms on
	 * borrow; true also pings idle connections in the background (HikariCP's
	 * keepaliveTime), false turns that background ping off.
	 */
	private @Nullable Boolean poolPrePing;

	/**
	 * How often idle connections are pinged to keep them alive (DB_POOL_KEEPALIVE), for
	 * firewalls and load balancers that drop idle connections: 0 (off), or ≥ 30s and
	 * below pool-recycle. A bare number is seconds. Maps to HikariCP's keepaliveTime;
	 * when not set, pool-pre-ping decides (2 minutes, or off).
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration poolKeepalive;

	/**
	 * How long a connection may be held before it is reported as a possible leak, with
	 * the thread and the place that borrowed it (DB_POOL_LEAK_THRESHOLD): 0 (off), or
	 * ≥ 2s and below pool-recycle. A bare number is seconds. Maps to HikariCP's
	 * leakDetectionThreshold.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration poolLeakThreshold;

	/**
	 * Longest time to open a new connection (DB_CONNECT_TIMEOUT): ≥ 1s and at most
	 * pool-timeout. A bare number is seconds. Maps to the PostgreSQL driver's
	 * connectTimeout; by default 10s, or pool-timeout when that is shorter.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration connectTimeout;

	/**
	 * Longest wait for the server to answer on an open connection before the driver gives
	 * the connection up (DB_SOCKET_TIMEOUT): 0 (off), or ≥ 1s and above
	 * statement-timeout. A bare number is seconds. Maps to the PostgreSQL driver's
	 * socketTimeout; guards against stalled networks.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration socketTimeout;

	/**
	 * Server-side limit on each statement (DB_STATEMENT_TIMEOUT), set on every pool
	 * connection as PostgreSQL's statement_timeout: 0 (off), or any duration; off, the
	 * server's own setting applies. A bare number is seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration statementTimeout;

	/**
	 * Server-side limit on a session idle inside a transaction (DB_IDLE_IN_TRANSACTION_TIMEOUT),
	 * set on every pool connection as PostgreSQL's idle_in_transaction_session_timeout: 0
	 * (off), or any duration; off, the server's own setting applies. A bare number is
	 * seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration idleInTransactionTimeout;

	/**
	 * How long the credentials of a new connection stay valid: an IAM token's or a Vault
	 * lease's lifetime (DB_CREDENTIALS_LIFETIME): 0 (off), or ≥ 60s. A bare number is
	 * seconds. When set, pool-recycle must be below it, so that no connection outlives
	 * its credentials; not set (or 0), nothing is checked.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private @Nullable Duration credentialsLifetime;

	/**
	 * Whether the pool goes through PgBouncer in transaction pooling mode (DB_PGBOUNCER):
	 * auto (make the driver safe on PgBouncer's port 6432, and warn after start-up when a
	 * transaction pooler would break the driver's prepared statements), transaction
	 * (always make the driver safe: prepareThreshold=0), fail (as auto, but stop the
	 * start-up) or off.
	 */
	private @Nullable PgBouncerMode pgbouncer;

	/**
	 * Whether pooltune changes the pool's running maximum by what it measures
	 * (DB_POOL_AUTOSIZE): off, advise (log what it would do) or on (raise it while threads
	 * wait and the server has room, within this instance's share of the server, never
	 * below pool-size; lower it back when demand falls).
	 */
	private @Nullable AutosizeMode poolAutosize;

	/**
	 * Profile that supplies every setting not set explicitly (DB_PRESET): local, staging
	 * or production, the SQLAlchemy pooling guide's three.
	 */
	private @Nullable Preset preset;

	public @Nullable Integer getPoolSize() {
		return this.poolSize;
	}

	public void setPoolSize(@Nullable Integer poolSize) {
		this.poolSize = poolSize;
	}

	public @Nullable Integer getMaxOverflow() {
		return this.maxOverflow;
	}

	public void setMaxOverflow(@Nullable Integer maxOverflow) {
		this.maxOverflow = maxOverflow;
	}

	public @Nullable Duration getPoolTimeout() {
		return this.poolTimeout;
	}

	public void setPoolTimeout(@Nullable Duration poolTimeout) {
		this.poolTimeout = poolTimeout;
	}

	public @Nullable Duration getPoolRecycle() {
		return this.poolRecycle;
	}

	public void setPoolRecycle(@Nullable Duration poolRecycle) {
		this.poolRecycle = poolRecycle;
	}

	public @Nullable Boolean getPoolPrePing() {
		return this.poolPrePing;
	}

	public void setPoolPrePing(@Nullable Boolean poolPrePing) {
		this.poolPrePing = poolPrePing;
	}

	public @Nullable Duration getPoolKeepalive() {
		return this.poolKeepalive;
	}

	public void setPoolKeepalive(@Nullable Duration poolKeepalive) {
		this.poolKeepalive = poolKeepalive;
	}

	public @Nullable Duration getPoolLeakThreshold() {
		return this.poolLeakThreshold;
	}

	public void setPoolLeakThreshold(@Nullable Duration poolLeakThreshold) {
		this.poolLeakThreshold = poolLeakThreshold;
	}

	public @Nullable Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(@Nullable Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public @Nullable Duration getSocketTimeout() {
		return this.socketTimeout;
	}

	public void setSocketTimeout(@Nullable Duration socketTimeout) {
		this.socketTimeout = socketTimeout;
	}

	public @Nullable Duration getStatementTimeout() {
		return this.statementTimeout;
	}

	public void setStatementTimeout(@Nullable Duration statementTimeout) {
		this.statementTimeout = statementTimeout;
	}

	public @Nullable Duration getIdleInTransactionTimeout() {
		return this.idleInTransactionTimeout;
	}

	public void setIdleInTransactionTimeout(@Nullable Duration idleInTransactionTimeout) {
		this.idleInTransactionTimeout = idleInTransactionTimeout;
	}

	public @Nullable Duration getCredentialsLifetime() {
		return this.credentialsLifetime;
	}

	public void setCredentialsLifetime(@Nullable Duration credentialsLifetime) {
		this.credentialsLifetime = credentialsLifetime;
	}

	public @Nullable AutosizeMode getPoolAutosize() {
		return this.poolAutosize;
	}

	public void setPoolAutosize(@Nullable AutosizeMode poolAutosize) {
		this.poolAutosize = poolAutosize;
	}

	public @Nullable PgBouncerMode getPgbouncer() {
		return this.pgbouncer;
	}

	public void setPgbouncer(@Nullable PgBouncerMode pgbouncer) {
		this.pgbouncer = pgbouncer;
	}

	public @Nullable Preset getPreset() {
		return this.preset;
	}

	public void setPreset(@Nullable Preset preset) {
		this.preset = preset;
	}

}
