package io.github.pooltune.autoconfigure.pgbouncer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.pooltune.test.TestDatabase;

/**
 * What a service does with its pool all day, on several threads at once: the same
 * parameterized queries again and again (the driver prepares each on the server from its
 * fifth execution), transactions of several statements, batch inserts, and a cursor read
 * with a fetch size inside a transaction. Every failure is counted by its message.
 *
 * @author pooltune
 */
final class PreparedStatementWorkload {

	static final int THREADS = 8;

	static final int ROUNDS = 100;

	private PreparedStatementWorkload() {
	}

	/** Creates the table the workload writes, directly on the server. */
	static void createTable(TestDatabase database) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("create table if not exists pgbouncer_workload (id int, note text)");
		}
	}

	/** Runs {@link #ROUNDS} operations on each of {@link #THREADS} threads. */
	static Result run(DataSource dataSource) throws Exception {
		Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
		AtomicInteger succeeded = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int thread = 0; thread < THREADS; thread++) {
				int id = thread;
				running.add(threads.submit(() -> {
					for (int round = 0; round < ROUNDS; round++) {
						try (Connection connection = dataSource.getConnection()) {
							operation(connection, id, round);
							succeeded.incrementAndGet();
						}
						catch (SQLException ex) {
							failures.computeIfAbsent(normalize(ex), (key) -> new AtomicInteger()).incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> future : running) {
				future.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			threads.shutdownNow();
		}
		Map<String, Integer> counted = new TreeMap<>();
		failures.forEach((message, count) -> counted.put(message, count.get()));
		return new Result(THREADS * ROUNDS, succeeded.get(), counted);
	}

	private static void operation(Connection connection, int thread, int round) throws SQLException {
		switch (round % 4) {
			case 0 -> {
				try (PreparedStatement select = connection.prepareStatement("select ?::int + 1")) {
					select.setInt(1, round);
					try (ResultSet result = select.executeQuery()) {
						result.next();
					}
				}
			}
			case 1 -> {
				connection.setAutoCommit(false);
				try (PreparedStatement insert = connection
					.prepareStatement("insert into pgbouncer_workload values (?, ?)")) {
					insert.setInt(1, round);
					insert.setString(2, "thread " + thread);
					insert.executeUpdate();
				}
				try (PreparedStatement count = connection
					.prepareStatement("select count(*) from pgbouncer_workload where id = ?")) {
					count.setInt(1, round);
					try (ResultSet result = count.executeQuery()) {
						result.next();
					}
				}
				connection.commit();
			}
			case 2 -> {
				try (PreparedStatement insert = connection
					.prepareStatement("insert into pgbouncer_workload values (?, ?)")) {
					for (int row = 0; row < 5; row++) {
						insert.setInt(1, row);
						insert.setString(2, "batch");
						insert.addBatch();
					}
					insert.executeBatch();
				}
			}
			default -> {
				connection.setAutoCommit(false);
				try (PreparedStatement series = connection.prepareStatement("select generate_series(1, ?)")) {
					series.setFetchSize(10);
					series.setInt(1, 50);
					try (ResultSet result = series.executeQuery()) {
						while (result.next()) {
							// Fetched 10 rows at a time through a portal.
						}
					}
				}
				connection.commit();
			}
		}
	}

	/** The message without the statement's number: {@code prepared statement "S_n" does not exist}. */
	private static String normalize(SQLException ex) {
		String message = String.valueOf(ex.getMessage()).lines().findFirst().orElse("");
		return ex.getSQLState() + " " + message.replaceAll("\"S_\\d+\"", "\"S_n\"")
			.replaceAll("\\(\\('\\d+'::int4\\), \\('[^']*'\\)\\)", "(…)");
	}

	/**
	 * What the workload did.
	 *
	 * @param operations how many it ran
	 * @param succeeded how many succeeded
	 * @param failures the failures by message
	 */
	record Result(int operations, int succeeded, Map<String, Integer> failures) {

		/** The failures that name a prepared statement. */
		int preparedStatementFailures() {
			return this.failures.entrySet()
				.stream()
				.filter((failure) -> failure.getKey().contains("prepared statement"))
				.mapToInt(Map.Entry::getValue)
				.sum();
		}

	}

}
