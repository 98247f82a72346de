package io.github.pooltune.sample;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabaseFailure}, with the exceptions HikariCP, pgjdbc and Spring throw
 * built as they build them.
 *
 * @author pooltune
 */
class DatabaseFailureTests {

	private static final String POOL_TIMEOUT = "dataSource - Connection is not available, request timed out after "
			+ "1001ms (total=2, active=2, idle=0, waiting=0)";

	@Test
	void poolTimeoutWithConnectionsOpenIsPoolExhausted() {
		Exception failure = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
				new SQLTransientConnectionException(POOL_TIMEOUT));
		assertThat(DatabaseFailure.of(failure, () -> 2)).isEqualTo(DatabaseFailure.POOL_EXHAUSTED);
	}

	@Test
	void poolTimeoutWithNoConnectionOpenIsDatabaseUnreachable() {
		SQLException refused = new SQLException("Connection to db:5432 refused.", "08001",
				new ConnectException("Connection refused"));
		Exception failure = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
				new SQLTransientConnectionException(POOL_TIMEOUT, "08001", refused));
		assertThat(DatabaseFailure.of(failure, () -> 0)).isEqualTo(DatabaseFailure.DATABASE_UNREACHABLE);
	}

	@Test
	void connectionClosedByTheServerIsDatabaseUnreachable() {
		Exception failure = new DataAccessResourceFailureException("select owner",
				new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
		assertThat(DatabaseFailure.of(failure, () -> 1)).isEqualTo(DatabaseFailure.DATABASE_UNREACHABLE);
	}

	@Test
	void ioErrorOnAConnectionIsDatabaseUnreachable() {
		Exception failure = new IllegalStateException(
				new SQLException("An I/O error occurred while sending to the backend.", "08006"));
		assertThat(DatabaseFailure.of(failure, () -> 1)).isEqualTo(DatabaseFailure.DATABASE_UNREACHABLE);
	}

	@Test
	void otherFailuresAreNotTheDatabasesAvailability() {
		Exception badSql = new BadSqlGrammarException("select", "select nothing",
				new SQLException("relation does not exist", "42P01"));
		assertThat(DatabaseFailure.of(badSql, () -> 1)).isNull();
		assertThat(DatabaseFailure.of(new IllegalArgumentException("no"), () -> 1)).isNull();
	}

	@Test
	void retryAfterIsShortForAnExhaustedPoolAndLongerForADatabaseThatIsDown() {
		assertThat(DatabaseFailure.POOL_EXHAUSTED.retryAfter()).hasSeconds(1);
		assertThat(DatabaseFailure.DATABASE_UNREACHABLE.retryAfter()).hasSeconds(5);
	}

}
