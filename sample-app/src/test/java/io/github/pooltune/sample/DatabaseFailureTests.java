package io.github.pooltune.sample;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import io.github.pooltune.autoconfigure.settings.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionSystemException;

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
	void poolTimeoutWinsOverTheSqlStateOfTheLastConnectionAttempt() {
		Exception failure = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
				new SQLTransientConnectionException(POOL_TIMEOUT, "53300",
						server("FATAL", "53300", "sorry, too many clients already")));
		assertThat(DatabaseFailure.of(failure, () -> 2)).isEqualTo(DatabaseFailure.POOL_EXHAUSTED);
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
	void connectionFailureWithoutSqlStateIsDatabaseUnreachable() {
		Exception failure = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
				new SQLException("no state", (String) null, new ConnectException("Connection refused")));
		assertThat(DatabaseFailure.of(failure, () -> 1)).isEqualTo(DatabaseFailure.DATABASE_UNREACHABLE);
	}

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource(delimiter = '|', textBlock = """
			08001 | FATAL | connection refused                                        | DATABASE_UNREACHABLE
			08006 | FATAL | An I/O error occurred while sending to the backend.      | DATABASE_UNREACHABLE
			57P01 | FATAL | terminating connection due to administrator command       | DATABASE_UNREACHABLE
			57P02 | FATAL | terminating connection because of crash of another server process | DATABASE_UNREACHABLE
			57P03 | FATAL | the database system is shutting down                      | DATABASE_UNREACHABLE
			57P05 | FATAL | terminating connection due to idle-session timeout        | DATABASE_UNREACHABLE
			53300 | FATAL | sorry, too many clients already                           | DATABASE_UNREACHABLE
			57014 | ERROR | canceling statement due to statement timeout              | STATEMENT_TIMEOUT
			57014 | ERROR | canceling statement due to user request                   | QUERY_CANCELED
			25P03 | FATAL | terminating connection due to idle-in-transaction timeout | IDLE_IN_TRANSACTION_TIMEOUT
			40001 | ERROR | could not serialize access due to concurrent update       | SERIALIZATION_FAILURE
			40P01 | ERROR | deadlock detected                                         | DEADLOCK
			25006 | ERROR | cannot execute INSERT in a read-only transaction          | READ_ONLY
			25P02 | ERROR | current transaction is aborted, commands ignored until end of transaction block | FAILED_TRANSACTION
			""")
	void serverErrorsAsSpringTranslatesThem(String sqlState, String severity, String message,
			DatabaseFailure expected) {
		PSQLException server = server(severity, sqlState, message);
		Exception failure = new UncategorizedSQLException("PreparedStatementCallback", "select 1", server);
		assertThat(DatabaseFailure.of(failure, () -> 1)).isEqualTo(expected);
	}

	@Test
	void statementTimeoutAsSpringTranslatesItNamesTheSetting() {
		Exception failure = new QueryTimeoutException("PreparedStatementCallback; SQL [select pg_sleep(?)]",
				server("ERROR", "57014", "canceling statement due to statement timeout"));
		DatabaseFailure statementTimeout = DatabaseFailure.of(failure, () -> 1);
		assertThat(statementTimeout).isEqualTo(DatabaseFailure.STATEMENT_TIMEOUT);
		assertThat(statementTimeout.body())
			.isEqualTo(new ApiError("database unavailable", "statement timeout", "DB_STATEMENT_TIMEOUT"));
	}

	@Test
	void whenTheRollbackFailsTooTheApplicationsFailureDecides() {
		TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed", "08003"));
		rollbackFailed.initApplicationException(new UncategorizedSQLException("StatementCallback", "select 1",
				server("FATAL", "25P03", "terminating connection due to idle-in-transaction timeout")));
		assertThat(DatabaseFailure.of(rollbackFailed, () -> 1)).isEqualTo(DatabaseFailure.IDLE_IN_TRANSACTION_TIMEOUT);
		assertThat(DatabaseFailure.decidingFailure(rollbackFailed)).isSameAs(rollbackFailed.getApplicationException());
	}

	@Test
	void otherFailuresAreNotTheDatabasesAvailability() {
		Exception badSql = new BadSqlGrammarException("select", "select nothing",
				new SQLException("relation does not exist", "42P01"));
		assertThat(DatabaseFailure.of(badSql, () -> 1)).isNull();
		assertThat(DatabaseFailure.of(new IllegalArgumentException("no"), () -> 1)).isNull();
	}

	@Test
	void aSqlStateWithoutARowIsNotTheDatabasesAvailabilityWhateverSpringCallsIt() {
		// Spring calls class 54 (program limit exceeded) a transient resource failure; it is a bug here.
		Exception tooComplex = new TransientDataAccessResourceException("select",
				server("ERROR", "54001", "stack depth limit exceeded"));
		assertThat(DatabaseFailure.of(tooComplex, () -> 1)).isNull();
	}

	@ParameterizedTest
	@EnumSource
	void everyTransientFailureAnswers503WithRetryAfterAndAShortBody(DatabaseFailure failure) {
		if (failure.isTransient()) {
			assertThat(failure.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(failure.retryAfter()).isPositive();
			assertThat(failure.body().error()).isEqualTo("database unavailable");
			assertThat(failure.body().reason()).isEqualTo(failure.reason()).hasSizeLessThan(30);
		}
		else {
			assertThat(failure.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
			assertThat(failure.body()).isEqualTo(new ApiError("internal error"));
		}
	}

	@Test
	void retryAfterIsShortForWhatClearsAtOnceAndLongerForWhatTakesTheDatabaseAWhile() {
		assertThat(DatabaseFailure.POOL_EXHAUSTED.retryAfter()).hasSeconds(1);
		assertThat(DatabaseFailure.SERIALIZATION_FAILURE.retryAfter()).hasSeconds(1);
		assertThat(DatabaseFailure.DEADLOCK.retryAfter()).hasSeconds(1);
		assertThat(DatabaseFailure.QUERY_CANCELED.retryAfter()).hasSeconds(1);
		assertThat(DatabaseFailure.DATABASE_UNREACHABLE.retryAfter()).hasSeconds(5);
		assertThat(DatabaseFailure.STATEMENT_TIMEOUT.retryAfter()).hasSeconds(5);
		assertThat(DatabaseFailure.IDLE_IN_TRANSACTION_TIMEOUT.retryAfter()).hasSeconds(5);
		assertThat(DatabaseFailure.READ_ONLY.retryAfter()).hasSeconds(5);
		assertThat(DatabaseFailure.FAILED_TRANSACTION.retryAfter()).isNull();
	}

	@Test
	void onlyTheServerTimeoutsNameASetting() {
		assertThat(DatabaseFailure.STATEMENT_TIMEOUT.setting()).isEqualTo("DB_STATEMENT_TIMEOUT");
		assertThat(DatabaseFailure.IDLE_IN_TRANSACTION_TIMEOUT.setting()).isEqualTo("DB_IDLE_IN_TRANSACTION_TIMEOUT");
		assertThat(DatabaseFailure.POOL_EXHAUSTED.body())
			.isEqualTo(new ApiError("database unavailable", "pool exhausted"));
	}

	/** An error as pgjdbc builds it from the server's ErrorResponse. */
	private static PSQLException server(String severity, String sqlState, String message) {
		return new PSQLException(new ServerErrorMessage(
				"S" + severity + "\0V" + severity + "\0C" + sqlState + "\0M" + message + "\0"));
	}

	/** The sample names settings as text (it uses the starter's public API only); they must be pooltune's. */
	@ParameterizedTest
	@EnumSource(DatabaseFailure.class)
	void everySettingNamedIsAPooltuneEnvironmentVariable(DatabaseFailure failure) {
		if (failure.setting() != null) {
			assertThat(Setting.all().stream().map(Setting::environmentVariable))
				.contains(failure.setting());
		}
	}

}
