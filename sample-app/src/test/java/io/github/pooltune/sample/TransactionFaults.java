package io.github.pooltune.sample;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only endpoints under {@code /test/} that make PostgreSQL fail a transaction for
 * real, the way a service with transactions meets it: a deadlock between two
 * transactions, a SERIALIZABLE conflict, a statement after a swallowed error, a write,
 * and a transaction left idle. Never part of the sample: {@link TestComponent} keeps it
 * out of component scanning, so only a test that {@code @Import}s it has it. Each
 * instance works on a table of its own, created by the application's own role.
 *
 * @author pooltune
 */
@TestComponent
@RestController
class TransactionFaults {

	private final DataSource dataSource;

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactions;

	private final TransactionTemplate serializable;

	private final String table = "pooltune_test_rows_" + UUID.randomUUID().toString().substring(0, 8);

	TransactionFaults(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
		this.transactions = new TransactionTemplate(transactionManager);
		this.serializable = new TransactionTemplate(transactionManager);
		this.serializable.setIsolationLevel(TransactionDefinition.ISOLATION_SERIALIZABLE);
		this.jdbcTemplate.execute("create table " + this.table + " (id int primary key, value int not null)");
		this.jdbcTemplate.update("insert into " + this.table + " values (1, 0), (2, 0)");
	}

	/** Two transactions each lock one row, then want the other's: PostgreSQL rolls one back (40P01). */
	@GetMapping("/test/deadlock")
	Map<String, Object> deadlock() throws Exception {
		CountDownLatch bothLocked = new CountDownLatch(2);
		ExecutorService other = Executors.newSingleThreadExecutor();
		try {
			Future<?> second = other.submit(() -> lockBoth(2, 1, bothLocked));
			RuntimeException failure = null;
			try {
				lockBoth(1, 2, bothLocked);
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
			try {
				second.get(30, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				// The other transaction was the one rolled back: the request fails as if it were its own.
				failure = (failure != null) ? failure : (RuntimeException) ex.getCause();
			}
			if (failure != null) {
				throw failure;
			}
			return Map.of("deadlock", false);
		}
		finally {
			other.shutdownNow();
		}
	}

	/**
	 * A SERIALIZABLE transaction reads a row that another commits a change to before the
	 * first one writes it (40001).
	 */
	@GetMapping("/test/serialization-failure")
	Map<String, Object> serializationFailure() {
		this.serializable.executeWithoutResult((status) -> {
			Integer value = this.jdbcTemplate.queryForObject("select value from " + this.table + " where id = 1",
					Integer.class);
			updateOnAnotherConnection(1);
			this.jdbcTemplate.update("update " + this.table + " set value = ? where id = 1", value + 1);
		});
		return Map.of("serialization_failure", false);
	}

	/** A statement fails inside a transaction, its error is swallowed, and the next statement runs (25P02). */
	@GetMapping("/test/failed-transaction")
	Map<String, Object> failedTransaction() {
		this.transactions.executeWithoutResult((status) -> {
			try {
				this.jdbcTemplate.queryForObject("select 1 / 0", Integer.class);
			}
			catch (DataAccessException ex) {
				// The bug this endpoint shows: the error is caught and the transaction goes on.
			}
			this.jdbcTemplate.queryForObject("select 1", Integer.class);
		});
		return Map.of("failed_transaction", false);
	}

	/** One write, outside a transaction of the application's own (25006 on a read-only server). */
	@GetMapping("/test/write")
	Map<String, Object> write() {
		int updated = this.jdbcTemplate.update("update " + this.table + " set value = value + 1 where id = 1");
		return Map.of("updated", updated);
	}

	/**
	 * A transaction left idle for {@code ms} between two statements, as while it waits
	 * for another service (25P03 once the server's idle-in-transaction timeout closed the
	 * session).
	 */
	@GetMapping("/test/idle-in-transaction")
	Map<String, Object> idleInTransaction(@RequestParam int ms) {
		this.transactions.executeWithoutResult((status) -> {
			this.jdbcTemplate.queryForObject("select 1", Integer.class);
			sleep(ms);
			this.jdbcTemplate.queryForObject("select 1", Integer.class);
		});
		return Map.of("idle_ms", ms);
	}

	private void lockBoth(int first, int second, CountDownLatch bothLocked) {
		this.transactions.executeWithoutResult((status) -> {
			this.jdbcTemplate.update("update " + this.table + " set value = value + 1 where id = ?", first);
			bothLocked.countDown();
			try {
				if (!bothLocked.await(10, TimeUnit.SECONDS)) {
					throw new IllegalStateException("The other transaction did not lock its row");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			this.jdbcTemplate.update("update " + this.table + " set value = value + 1 where id = ?", second);
		});
	}

	/** A concurrent transaction: a connection of its own, not the one bound to the request's transaction. */
	private void updateOnAnotherConnection(int id) {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.executeUpdate("update " + this.table + " set value = value + 10 where id = " + id);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void sleep(int millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
