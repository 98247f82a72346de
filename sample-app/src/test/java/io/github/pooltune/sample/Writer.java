package io.github.pooltune.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import javax.sql.DataSource;

/**
 * Rows written through a DataSource (the application's own pool) on a thread of the
 * test, one every few milliseconds until {@link #close()}, into the table
 * {@link #CREATE_TABLE} makes; each write is recorded with its sequence number, when it
 * started and ended, and the port of the server that took it or why it failed.
 *
 * @author pooltune
 */
final class Writer implements AutoCloseable {

	/** The table the test creates on the primary before it starts writing. */
	static final String CREATE_TABLE = "create table failover_writes "
			+ "(seq bigint primary key, server_port int not null)";

	private static final String INSERT = "insert into failover_writes (seq, server_port) values (?, inet_server_port())"
			+ " returning server_port";

	/**
	 * One write.
	 * @param seq its sequence number, the row's key
	 * @param startNanos when it started ({@link System#nanoTime()})
	 * @param endNanos when it ended
	 * @param serverPort the port of the server that took the row, or -1 when it failed
	 * @param failure the SQLState and the message of the failure, or {@code null}
	 */
	record Write(long seq, long startNanos, long endNanos, int serverPort, String failure) {

		boolean succeeded() {
			return this.failure == null;
		}

		long millis() {
			return (this.endNanos - this.startNanos) / 1_000_000;
		}

	}

	private final ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();

	private final Thread thread;

	private volatile boolean running = true;

	private Writer(DataSource dataSource) {
		this.thread = new Thread(() -> loop(dataSource), "writer");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	static Writer start(DataSource dataSource) {
		return new Writer(dataSource);
	}

	private void loop(DataSource dataSource) {
		long seq = 0;
		while (this.running) {
			seq++;
			long start = System.nanoTime();
			try (Connection connection = dataSource.getConnection();
					PreparedStatement insert = connection.prepareStatement(INSERT)) {
				insert.setLong(1, seq);
				try (ResultSet row = insert.executeQuery()) {
					row.next();
					this.writes.add(new Write(seq, start, System.nanoTime(), row.getInt(1), null));
				}
			}
			catch (SQLException ex) {
				this.writes.add(new Write(seq, start, System.nanoTime(), -1, ex.getSQLState() + " " + ex.getMessage()));
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** Every write that ended so far. */
	List<Write> writes() {
		return List.copyOf(this.writes);
	}

	/** Failed writes, counted by SQLState and message. */
	static String failures(List<Write> writes) {
		return writes.stream()
			.filter((write) -> !write.succeeded())
			.collect(Collectors.groupingBy(Write::failure, Collectors.counting()))
			.toString();
	}

	/** Stops the loop and waits for the write in flight to end. */
	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.thread.join(35_000);
	}

}
