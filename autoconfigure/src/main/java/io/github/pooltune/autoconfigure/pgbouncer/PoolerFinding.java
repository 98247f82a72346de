package io.github.pooltune.autoconfigure.pgbouncer;

/**
 * What the probe found between a pool and PostgreSQL, with the evidence, in words a log
 * line can carry.
 *
 * @param pool the pool's bean name
 * @param kind what was found
 * @param prepareThreshold the driver's effective prepareThreshold on the pool's connections
 * @param evidence what was measured, in a few words
 * @author pooltune
 */
public record PoolerFinding(String pool, Kind kind, int prepareThreshold, String evidence) {

	/** What is between the pool and PostgreSQL. */
	public enum Kind {

		/** Nothing: the connection's cancel key names its own server process. */
		DIRECT,

		/** Nothing, on port 6432: pooltune's prepareThreshold=0 was not needed. */
		DIRECT_ON_PGBOUNCER_PORT,

		/** A pooler, and the driver prepares no server-side statements: nothing can break. */
		POOLER_DRIVER_SAFE,

		/** A pooler that kept each connection's server session: session pooling. */
		SESSION_POOLING,

		/** Transaction pooling that carries prepared statements over (PgBouncer 1.21+, max_prepared_statements). */
		TRANSACTION_POOLING_KEEPS_STATEMENTS,

		/** Transaction pooling that breaks the driver's server-side prepared statements. */
		TRANSACTION_POOLING,

		/** A pooler whose pooling mode the probe could not tell with a pool of one connection. */
		POOLER_MODE_UNKNOWN;

	}

	/** Whether the pool's statements will fail through what was found. */
	public boolean breaksPreparedStatements() {
		return this.kind == Kind.TRANSACTION_POOLING;
	}

	/** Whether the finding is worth a WARN: a break, or a pooler that may break. */
	public boolean warrantsWarning() {
		return this.kind == Kind.TRANSACTION_POOLING || this.kind == Kind.POOLER_MODE_UNKNOWN;
	}

	/** One line: what was found, what it means, and what to set. */
	public String summary() {
		return switch (this.kind) {
			case DIRECT -> "Pool '" + this.pool + "' connects straight to PostgreSQL (" + this.evidence + ")";
			case DIRECT_ON_PGBOUNCER_PORT -> "Pool '" + this.pool + "' connects straight to PostgreSQL on port "
					+ "6432 (" + this.evidence + "), where PgBouncer usually listens, so pooltune set the driver's "
					+ "prepareThreshold=0 and the pool gets no server-side prepared statements. Set "
					+ "DB_PGBOUNCER=off (db.pgbouncer=off) to keep them";
			case POOLER_DRIVER_SAFE -> "Pool '" + this.pool + "' goes through a connection pooler (" + this.evidence
					+ "); the driver prepares no named statements on the server (prepareThreshold="
					+ this.prepareThreshold + "), so transaction pooling cannot break them";
			case SESSION_POOLING -> "Pool '" + this.pool + "' goes through a connection pooler in session pooling "
					+ "mode (" + this.evidence + "): the driver's prepared statements are safe there, nothing to "
					+ "change";
			case TRANSACTION_POOLING_KEEPS_STATEMENTS -> "Pool '" + this.pool + "' goes through a connection "
					+ "pooler in transaction pooling mode that keeps prepared statements (" + this.evidence
					+ "; PgBouncer 1.21+ with max_prepared_statements): nothing to change";
			case TRANSACTION_POOLING -> "Pool '" + this.pool + "' goes through a connection pooler in transaction "
					+ "pooling mode (PgBouncer pool_mode = transaction, or similar) that does not keep the driver's "
					+ "server-side prepared statements (" + this.evidence + "), and the driver prepares them "
					+ "(prepareThreshold=" + this.prepareThreshold + "): under load, statements fail with ERROR: "
					+ "prepared statement \"S_1\" does not exist (or already exists). Set DB_PGBOUNCER=transaction "
					+ "(db.pgbouncer=transaction) so that pooltune sets the driver's prepareThreshold=0, or set "
					+ "max_prepared_statements in PgBouncer 1.21 or later";
			case POOLER_MODE_UNKNOWN -> "Pool '" + this.pool + "' goes through a connection pooler (" + this.evidence
					+ "), and the driver prepares statements on the server (prepareThreshold=" + this.prepareThreshold
					+ "); with a pool of one connection pooltune cannot tell the pooling mode. In transaction "
					+ "pooling mode, set DB_PGBOUNCER=transaction (db.pgbouncer=transaction); in session pooling "
					+ "mode, set DB_PGBOUNCER=off to silence this";
		};
	}

}
