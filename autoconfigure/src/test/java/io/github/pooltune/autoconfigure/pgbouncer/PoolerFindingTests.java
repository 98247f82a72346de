package io.github.pooltune.autoconfigure.pgbouncer;

import io.github.pooltune.autoconfigure.pgbouncer.PoolerFinding.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each finding says, and which ones warn: the findings the tests' PgBouncer 1.18
 * cannot produce (one that keeps prepared statements, a direct connection on port 6432)
 * included.
 *
 * @author pooltune
 */
class PoolerFindingTests {

	@Test
	void onlyTransactionPoolingBreaksAndOnlyItAndAnUnknownModeWarn() {
		for (Kind kind : Kind.values()) {
			PoolerFinding finding = new PoolerFinding("dataSource", kind, 5, "measured");
			assertThat(finding.breaksPreparedStatements()).as("%s", kind).isEqualTo(kind == Kind.TRANSACTION_POOLING);
			assertThat(finding.warrantsWarning()).as("%s", kind)
				.isEqualTo(kind == Kind.TRANSACTION_POOLING || kind == Kind.POOLER_MODE_UNKNOWN);
			assertThat(finding.summary()).as("%s", kind).startsWith("Pool 'dataSource' ");
		}
	}

	@Test
	void aPoolerThatKeepsPreparedStatementsNeedsNothing() {
		assertThat(new PoolerFinding("dataSource", Kind.TRANSACTION_POOLING_KEEPS_STATEMENTS, 5,
				"two pool connections ran on server process 42 one after the other, and a statement prepared there "
						+ "still ran on the next")
			.summary()).isEqualTo("Pool 'dataSource' goes through a connection pooler in transaction pooling mode "
					+ "that keeps prepared statements (two pool connections ran on server process 42 one after the "
					+ "other, and a statement prepared there still ran on the next; PgBouncer 1.21+ with "
					+ "max_prepared_statements): nothing to change");
	}

	@Test
	void aDirectConnectionOnPgBouncersPortSaysHowToKeepPreparedStatements() {
		assertThat(new PoolerFinding("dataSource", Kind.DIRECT_ON_PGBOUNCER_PORT, 0,
				"its cancel key names its server process, 42")
			.summary()).isEqualTo("Pool 'dataSource' connects straight to PostgreSQL on port 6432 (its cancel key "
					+ "names its server process, 42), where PgBouncer usually listens, so pooltune set the driver's "
					+ "prepareThreshold=0 and the pool gets no server-side prepared statements. Set DB_PGBOUNCER=off "
					+ "(db.pgbouncer=off) to keep them");
	}

}
