package io.github.pooltune.autoconfigure.pgbouncer;

/**
 * Thrown at start-up with {@code DB_PGBOUNCER=fail} when a pool goes through a
 * transaction pooler that would break the driver's server-side prepared statements.
 *
 * @author pooltune
 */
public class UnsafeTransactionPoolingException extends IllegalStateException {

	private final transient PoolerFinding finding;

	public UnsafeTransactionPoolingException(PoolerFinding finding) {
		super(finding.summary());
		this.finding = finding;
	}

	public PoolerFinding getFinding() {
		return this.finding;
	}

}
