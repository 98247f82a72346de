package io.github.pooltune.autoconfigure.failover;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A connection whose server has become read-only (SQLState 25006, as after a failover)
 * is evicted instead of being handed out again; against the real server.
 *
 * @author pooltune
 */
class FailoverAutoConfigurationTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties())
		.withPropertyValues("db.pool-size=1", "db.max-overflow=0", "db.pool-timeout=5");

	@Test
	void aConnectionThatMetAReadOnlyServerIsEvicted() {
		this.contextRunner.run((context) -> {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			int before = failOnAReadOnlyServer(pool);
			assertThat(backendPid(pool)).isNotEqualTo(before);
		});
	}

	@Test
	void withoutPooltuneHikariHandsTheSameConnectionOutAgain() {
		this.contextRunner.withPropertyValues("db.enabled=false", "spring.datasource.hikari.maximum-pool-size=1")
			.run((context) -> {
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				int before = failOnAReadOnlyServer(pool);
				assertThat(backendPid(pool)).isEqualTo(before);
			});
	}

	@Test
	void theApplicationsOwnOverrideStillDecidesEverythingElse() {
		SQLExceptionOverride own = new SQLExceptionOverride() {

			@java.lang.Override
			public SQLExceptionOverride.Override adjudicate(SQLException exception) {
				return SQLExceptionOverride.Override.DO_NOT_EVICT;
			}

		};
		ReadOnlyServerEviction eviction = new ReadOnlyServerEviction(own);
		assertThat(eviction.adjudicate(new SQLException("read-only", "25006")))
			.isEqualTo(SQLExceptionOverride.Override.MUST_EVICT);
		assertThat(eviction.adjudicate(new SQLException("broken", "08006")))
			.isEqualTo(SQLExceptionOverride.Override.DO_NOT_EVICT);
		assertThat(new ReadOnlyServerEviction(null).adjudicate(new SQLException("broken", "08006")))
			.isEqualTo(SQLExceptionOverride.Override.CONTINUE_EVICT);
	}

	/** The server side of a read-only standby: the session's transactions are read-only. */
	private static int failOnAReadOnlyServer(HikariDataSource pool) throws SQLException {
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			int pid = backendPid(statement);
			statement.execute("set session characteristics as transaction read only");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.execute("create table read_only_probe (id int)"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("25006"));
			return pid;
		}
	}

	private static int backendPid(HikariDataSource pool) throws SQLException {
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			return backendPid(statement);
		}
	}

	private static int backendPid(Statement statement) throws SQLException {
		try (ResultSet result = statement.executeQuery("select pg_backend_pid()")) {
			result.next();
			return result.getInt(1);
		}
	}

}
