package io.github.pooltune.autoconfigure.hikari;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.settings.InvalidPoolSettingsException;
import io.github.pooltune.autoconfigure.settings.InvalidSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What pooltune sets on the driver before the pool starts for transaction pooling, and
 * what it refuses: decided from the settings and the URL alone, so these pools never
 * connect (PgBouncerTransactionPoolingTests runs them against a real PgBouncer).
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class TransactionPoolingTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:postgresql://db.internal:5432/orders",
				"spring.datasource.username=app", "spring.datasource.password=secret");

	@Test
	void transactionSetsPrepareThresholdZeroAndSaysWhy(CapturedOutput output) {
		this.contextRunner.withPropertyValues("db.pgbouncer=transaction").run((context) -> {
			assertThat(context.getBean(HikariDataSource.class).getDataSourceProperties())
				.containsEntry("prepareThreshold", "0");
			assertThat(output).contains("pgbouncer=transaction (")
				.contains(", prepareThreshold=0 (DB_PGBOUNCER=transaction))");
		});
	}

	@Test
	void autoOnAnyOtherPortChangesNothing() {
		this.contextRunner.run((context) -> assertThat(context.getBean(HikariDataSource.class)
			.getDataSourceProperties()).doesNotContainKey("prepareThreshold"));
	}

	@Test
	void autoAndFailOnPgBouncersPortSetPrepareThresholdZero(CapturedOutput output) {
		for (String mode : new String[] { "auto", "fail" }) {
			this.contextRunner
				.withPropertyValues("spring.datasource.url=jdbc:postgresql://pgbouncer.internal:6432/orders",
						"db.pgbouncer=" + mode)
				.run((context) -> assertThat(context.getBean(HikariDataSource.class).getDataSourceProperties())
					.containsEntry("prepareThreshold", "0"));
		}
		assertThat(output).contains("prepareThreshold=0 (port 6432, PgBouncer's)");
	}

	@Test
	void offChangesNothingEvenOnPgBouncersPort() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://pgbouncer.internal:6432/orders",
					"db.pgbouncer=off")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getDataSourceProperties())
				.doesNotContainKey("prepareThreshold"));
	}

	@Test
	void thePortIsReadFromEveryHostOfTheUrl() {
		assertThat(TransactionPooling.isPgBouncerPort("jdbc:postgresql://a:5432,b:6432/orders")).isTrue();
		assertThat(TransactionPooling.isPgBouncerPort("jdbc:postgresql://[::1]:6432/orders?ssl=true")).isTrue();
		assertThat(TransactionPooling.isPgBouncerPort("jdbc:postgresql://[::1]/orders")).isFalse();
		// The driver reads a port parameter as the port (PGPORT): this pool connects to 6432.
		assertThat(TransactionPooling.isPgBouncerPort("jdbc:postgresql://db/orders?port=6432")).isTrue();
		assertThat(TransactionPooling.isPgBouncerPort("jdbc:postgresql://db:6432/orders?port=5432")).isFalse();
		assertThat(TransactionPooling.isPgBouncerPort("jdbc:postgresql://db:16432/orders")).isFalse();
		assertThat(TransactionPooling.isPgBouncerPort("jdbc:postgresql:orders")).isFalse();
	}

	@Test
	void aPrepareThresholdTheUserSetWinsUnderAuto() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://pgbouncer.internal:6432/orders"
					+ "?prepareThreshold=3")
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getDataSourceProperties())
				.doesNotContainKey("prepareThreshold"));
	}

	@Test
	void aPrepareThresholdOtherThanZeroContradictsTransaction() {
		this.contextRunner
			.withPropertyValues("db.pgbouncer=transaction",
					"spring.datasource.hikari.data-source-properties.prepareThreshold=5")
			.run((context) -> assertThat(invalid(context.getStartupFailure())).singleElement()
				.satisfies((setting) -> assertThat(setting.describe()).isEqualTo(
						"DB_PGBOUNCER (db.pgbouncer) is \"transaction\" (from test); allowed: off, "
								+ "when the driver's prepareThreshold=5 (URL or data source properties) is meant: a "
								+ "transaction pooler breaks server-side prepared statements unless it keeps them "
								+ "(PgBouncer 1.21+ with max_prepared_statements); otherwise remove that "
								+ "prepareThreshold")));
		this.contextRunner
			.withPropertyValues("db.pgbouncer=transaction",
					"spring.datasource.url=jdbc:postgresql://db.internal:5432/orders?prepareThreshold=0")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void serverSideTimeoutsCannotGoThroughPgBouncer() {
		this.contextRunner
			.withPropertyValues("db.pgbouncer=transaction", "db.statement-timeout=30",
					"db.idle-in-transaction-timeout=5m")
			.run((context) -> assertThat(invalid(context.getStartupFailure())).extracting(InvalidSetting::describe)
				.containsExactly("DB_STATEMENT_TIMEOUT (db.statement-timeout) is \"30s\" (from test); allowed: 0 (off) through PgBouncer (DB_PGBOUNCER=transaction): PgBouncer "
						+ "refuses the options start-up parameter that carries it, and transaction pooling keeps no "
						+ "session setting; set it for the role (ALTER ROLE … SET statement_timeout = '30s') or use "
						+ "PgBouncer's query_timeout",
						"DB_IDLE_IN_TRANSACTION_TIMEOUT (db.idle-in-transaction-timeout) is \"300s\" (from test); allowed: 0 (off) through PgBouncer (DB_PGBOUNCER=transaction): "
								+ "PgBouncer refuses the options start-up parameter that carries it, and transaction "
								+ "pooling keeps no session setting; set it for the role (ALTER ROLE … SET "
								+ "idle_in_transaction_session_timeout = '300s') or use PgBouncer's "
								+ "idle_transaction_timeout"));
	}

	@Test
	void onPgBouncersPortTheRefusalSaysHowToOptOut() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://db.internal:6432/orders",
					"db.statement-timeout=30")
			.run((context) -> assertThat(invalid(context.getStartupFailure())).singleElement()
				.satisfies((setting) -> assertThat(setting.describe()).contains("through PgBouncer (port 6432, "
						+ "PgBouncer's)")
					.endsWith("if PostgreSQL itself listens on port 6432, set DB_PGBOUNCER=off")));
	}

	@Test
	void sessionSettingsOfHikariAreNamedInAWarning(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("db.pgbouncer=transaction", "spring.datasource.hikari.schema=orders",
					"spring.datasource.hikari.transaction-isolation=TRANSACTION_SERIALIZABLE")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("Pool 'dataSource' goes through transaction pooling "
						+ "(DB_PGBOUNCER=transaction), which does not keep what HikariCP sets on each new connection: "
						+ "schema (SET search_path), transactionIsolation (SET SESSION CHARACTERISTICS) lands on "
						+ "whichever server connection the pooler lends at that moment");
			});
	}

	private static java.util.List<InvalidSetting> invalid(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidPoolSettingsException invalid) {
				return invalid.getInvalidSettings();
			}
		}
		throw new AssertionError("No InvalidPoolSettingsException in " + failure);
	}

}
