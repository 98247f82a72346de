package io.github.pooltune.autoconfigure.pgbouncer;

import io.github.pooltune.autoconfigure.FailedCheckException;

/**
 * Thrown at start-up with {@code DB_PGBOUNCER=fail} when a pool goes through a
 * transaction pooler that would break the driver's server-side prepared statements.
 *
 * @author pooltune
 */
public class UnsafeTransactionPoolingException extends FailedCheckException {

	public UnsafeTransactionPoolingException(PoolerFinding finding) {
		super(finding.summary(), finding);
	}

	public PoolerFinding getFinding() {
		return finding(PoolerFinding.class);
	}

}
