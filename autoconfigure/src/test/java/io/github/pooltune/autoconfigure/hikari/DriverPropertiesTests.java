package io.github.pooltune.autoconfigure.hikari;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The driver timeouts and the server-side guards, proven on real pool connections.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class DriverPropertiesTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties());

	@Test
	void statementTimeoutIsTheServersOnEveryPoolConnectionAndCancelsASlowStatement() {
		this.contextRunner.withPropertyValues("db.statement-timeout=1", "db.idle-in-transaction-timeout=5m")
			.run((context) -> {
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				try (Connection connection = pool.getConnection()) {
					assertThat(show(connection, "statement_timeout")).isEqualTo("1s");
					assertThat(show(connection, "idle_in_transaction_session_timeout")).isEqualTo("5min");
					assertThatExceptionOfType(SQLException.class)
						.isThrownBy(() -> connection.createStatement().execute("select pg_sleep(3)"))
						.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("57014"));
				}
			});
	}

	@Test
	void withoutGuardsTheServersOwnSettingsApply() {
		this.contextRunner.run((context) -> {
			try (Connection connection = context.getBean(HikariDataSource.class).getConnection()) {
				assertThat(show(connection, "statement_timeout")).isEqualTo("0");
			}
			assertThat(context.getBean(HikariDataSource.class).getDataSourceProperties()).doesNotContainKey("options");
		});
	}

	@Test
	void optionsInTheUrlWinSoTheGuardsGoIntoTheInitSql() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=" + database.jdbcUrl() + "?options=-c%20work_mem%3D8MB",
					"db.statement-timeout=2500ms")
			.run((context) -> {
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				assertThat(pool.getConnectionInitSql()).isEqualTo("SET statement_timeout = 2500;");
				try (Connection connection = pool.getConnection()) {
					assertThat(show(connection, "statement_timeout")).isEqualTo("2500ms");
					assertThat(show(connection, "work_mem")).isEqualTo("8MB");
				}
			});
	}

	@Test
	void userOptionsAreKeptAndWinOverPooltunes() {
		this.contextRunner
			.withPropertyValues("spring.datasource.hikari.data-source-properties.options=-c statement_timeout=7000",
					"db.statement-timeout=30", "db.idle-in-transaction-timeout=60")
			.run((context) -> {
				try (Connection connection = context.getBean(HikariDataSource.class).getConnection()) {
					assertThat(show(connection, "statement_timeout")).isEqualTo("7s");
					assertThat(show(connection, "idle_in_transaction_session_timeout")).isEqualTo("1min");
				}
			});
	}

	@Test
	void connectAndSocketTimeoutsAndTcpKeepaliveByDefault(CapturedOutput output) {
		this.contextRunner.withPropertyValues("db.pool-timeout=4").run((context) -> {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			assertThat(pool.getDataSourceProperties()).containsEntry("connectTimeout", "4")
				.containsEntry("loginTimeout", "4")
				.containsEntry("socketTimeout", "300")
				.containsEntry("tcpKeepAlive", "true");
			pool.getConnection().close();
			assertThat(output).contains("; driver connectTimeout=4, loginTimeout=4, socketTimeout=300, tcpKeepAlive=true)");
		});
	}

	@Test
	void socketTimeoutFollowsALongStatementTimeoutAndUserValuesWin() {
		this.contextRunner
			.withPropertyValues("db.statement-timeout=10m",
					"spring.datasource.hikari.data-source-properties.tcpKeepAlive=false")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getDataSourceProperties())
				.containsEntry("socketTimeout", "630")
				.containsEntry("tcpKeepAlive", "false"));
	}

	@Test
	void leakThresholdAndKeepaliveReachHikari() {
		this.contextRunner.withPropertyValues("db.pool-leak-threshold=90", "db.pool-keepalive=4m").run((context) -> {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			assertThat(pool.getLeakDetectionThreshold()).isEqualTo(90_000);
			assertThat(pool.getKeepaliveTime()).isEqualTo(240_000);
		});
	}

	@Test
	void hikarisOwnLeakThresholdIsKeptWhenPooltunesIsNotSet() {
		this.contextRunner.withPropertyValues("spring.datasource.hikari.leak-detection-threshold=5000")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getLeakDetectionThreshold())
				.isEqualTo(5000));
	}

	@Test
	void onlyPostgresPoolsGetTheseProperties() {
		HikariConfig other = new HikariConfig();
		other.setJdbcUrl("jdbc:h2:mem:none");
		assertThat(DriverProperties.isPostgres(other)).isFalse();
		HikariConfig postgres = new HikariConfig();
		postgres.setDataSourceClassName("org.postgresql.ds.PGSimpleDataSource");
		assertThat(DriverProperties.isPostgres(postgres)).isTrue();
	}

	private static String show(Connection connection, String setting) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("show " + setting)) {
			result.next();
			return result.getString(1);
		}
	}

}
