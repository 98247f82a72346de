package io.github.pooltune.autoconfigure.settings;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.convert.DurationUnit;

/**
 * The settings of one pool, as users write them under {@code db.pools.<bean-name>.*}
 * ({@code DB_POOLS_<BEANNAME>_POOL_SIZE} in the environment): the pool-level settings of
 * {@code db.*}, with the same meaning and the same allowed values. What a section does
 * not set comes from its preset, else from {@code db.*}, else from the default. Values are
 * checked by {@link PoolSettingsResolver}, never here.
 *
 * @author pooltune
 */
public class PoolProperties {

	/**
	 * Connections kept open, the base pool, from 1 to 100 (as db.pool-size).
	 */
	private Integer poolSize;

	/**
	 * Extra connections opened under load and closed again once idle, from 0 to 100 (as
	 * db.max-overflow).
	 */
	private Integer maxOverflow;

	/**
	 * Longest wait for a free connection, at least 1s; a bare number is seconds (as
	 * db.pool-timeout).
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration poolTimeout;

	/**
	 * Longest life of a connection: -1 for never, or at least 30s; a bare number is
	 * seconds (as db.pool-recycle).
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration poolRecycle;

	/**
	 * Whether idle connections are also pinged in the background (as db.pool-pre-ping).
	 */
	private Boolean poolPrePing;

	/**
	 * How often idle connections are pinged: 0 (off) or at least 30s, below pool-recycle
	 * (as db.pool-keepalive).
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration poolKeepalive;

	/**
	 * A connection held longer than this is reported as a possible leak: 0 (off) or at
	 * least 2s, below pool-recycle (as db.pool-leak-threshold).
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration poolLeakThreshold;

	/**
	 * Longest time to open a new connection, at least 1s and at most pool-timeout (as
	 * db.connect-timeout).
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration connectTimeout;

	/**
	 * Longest wait for the server to answer on an open connection: 0 (off) or at least
	 * 1s, above statement-timeout (as db.socket-timeout).
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration socketTimeout;

	/**
	 * Server-side limit on each statement: 0 (off) or a duration (as
	 * db.statement-timeout).
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration statementTimeout;

	/**
	 * Server-side limit on a session idle inside a transaction: 0 (off) or a duration (as
	 * db.idle-in-transaction-timeout).
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration idleInTransactionTimeout;

	/**
	 * Whether this pool goes through PgBouncer in transaction pooling mode: auto,
	 * transaction, fail or off (as db.pgbouncer).
	 */
	private PgBouncerMode pgbouncer;

	/**
	 * Profile that supplies every setting this section does not set: local, staging or
	 * production (as db.preset).
	 */
	private Preset preset;

	public Integer getPoolSize() {
		return this.poolSize;
	}

	public void setPoolSize(Integer poolSize) {
		this.poolSize = poolSize;
	}

	public Integer getMaxOverflow() {
		return this.maxOverflow;
	}

	public void setMaxOverflow(Integer maxOverflow) {
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

	public Boolean getPoolPrePing() {
		return this.poolPrePing;
	}

	public void setPoolPrePing(Boolean poolPrePing) {
		this.poolPrePing = poolPrePing;
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

	public PgBouncerMode getPgbouncer() {
		return this.pgbouncer;
	}

	public void setPgbouncer(PgBouncerMode pgbouncer) {
		this.pgbouncer = pgbouncer;
	}

	public Preset getPreset() {
		return this.preset;
	}

	public void setPreset(Preset preset) {
		this.preset = preset;
	}

}
