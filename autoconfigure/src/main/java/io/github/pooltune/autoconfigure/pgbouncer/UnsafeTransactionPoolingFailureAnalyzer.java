package io.github.pooltune.autoconfigure.pgbouncer;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link UnsafeTransactionPoolingException}: what was measured, what breaks,
 * and the setting that makes the driver safe.
 *
 * @author pooltune
 */
class UnsafeTransactionPoolingFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeTransactionPoolingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsafeTransactionPoolingException cause) {
		PoolerFinding finding = cause.getFinding();
		String description = String.format("Pool '%s' goes through a connection pooler in transaction pooling mode "
				+ "(PgBouncer pool_mode = transaction, or similar) that does not keep the driver's server-side "
				+ "prepared statements, and the driver prepares them (prepareThreshold=%d). Under load, statements "
				+ "would fail with ERROR: prepared statement \"S_1\" does not exist (or already exists), or run "
				+ "another connection's statement under the same name.%n%nMeasured: %s.", finding.pool(), finding.prepareThreshold(),
				finding.evidence());
		String action = "Set DB_PGBOUNCER=transaction (db.pgbouncer=transaction): pooltune then sets the driver's "
				+ "prepareThreshold=0 before the pool starts. Or let PgBouncer keep prepared statements "
				+ "(max_prepared_statements, PgBouncer 1.21 or later) and set DB_PGBOUNCER=off. To start anyway and "
				+ "only log this, set DB_PGBOUNCER=auto.";
		return new FailureAnalysis(description, action, cause);
	}

}
