package io.github.pooltune.autoconfigure.hikari;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Proves {@code DB_POOL_PRE_PING=true} on a real server: after every idle pool backend is
 * terminated, the next 50 borrows all succeed on fresh connections.
 *
 * @author pooltune
 */
class PrePingTests {

	private static final TestDatabase database = TestDatabase.get();

	/** HikariCP skips the borrow check on a connection used less than this long ago. */
	private static final Duration ALIVE_BYPASS_WINDOW = Duration.ofMillis(500);

	private static final int POOL_SIZE = 5;

	private final String applicationName = "pooltune-preping-" + UUID.randomUUID().toString().substring(0, 8);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties())
		.withPropertyValues("spring.datasource.hikari.data-source-properties.ApplicationName=" + this.applicationName,
				"db.pool-size=" + POOL_SIZE, "db.max-overflow=5", "db.pool-pre-ping=true", "db.pool-timeout=5");

	@Test
	void fiftyBorrowsSucceedAfterEveryIdleBackendIsTerminated() {
		this.contextRunner.run((context) -> {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			try (Connection first = pool.getConnection()) {
				assertThat(first.isValid(1)).isTrue();
			}
			List<Integer> before = awaitIdleBackends(POOL_SIZE);

			assertThat(terminateIdleBackends()).isEqualTo(POOL_SIZE);
			awaitIdleBackends(0);
			Thread.sleep(ALIVE_BYPASS_WINDOW.multipliedBy(2).toMillis());

			for (int borrow = 1; borrow <= 50; borrow++) {
				try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
						ResultSet result = statement.executeQuery("select pg_backend_pid()")) {
					assertThat(result.next()).isTrue();
					assertThat(result.getInt(1)).as("borrow %d got a terminated backend", borrow).isNotIn(before);
				}
			}
			assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isPositive();
		});
	}

	@Test
	void aConnectionOutsideThePoolReallyDiesWhenItsBackendIsTerminated() throws SQLException {
		try (Connection plain = database.connect()) {
			try (Statement statement = plain.createStatement()) {
				statement.execute("set application_name = '" + this.applicationName + "'");
			}
			assertThat(terminateIdleBackends()).isEqualTo(1);
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> plain.createStatement().executeQuery("select 1"));
		}
	}

	private int terminateIdleBackends() throws SQLException {
		try (Connection admin = database.connect();
				PreparedStatement statement = admin.prepareStatement("select count(pg_terminate_backend(pid)) "
						+ "from pg_stat_activity where application_name = ? and state = 'idle'")) {
			statement.setString(1, this.applicationName);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	private List<Integer> awaitIdleBackends(int expected) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		List<Integer> pids = idleBackends();
		while (pids.size() != expected && System.nanoTime() < deadline) {
			Thread.sleep(50);
			pids = idleBackends();
		}
		assertThat(pids).hasSize(expected);
		return pids;
	}

	private List<Integer> idleBackends() throws SQLException {
		try (Connection admin = database.connect();
				PreparedStatement statement = admin.prepareStatement(
						"select pid from pg_stat_activity where application_name = ? and state = 'idle'")) {
			statement.setString(1, this.applicationName);
			List<Integer> pids = new ArrayList<>();
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					pids.add(result.getInt(1));
				}
			}
			return pids;
		}
	}

}
