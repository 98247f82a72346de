package io.github.pooltune.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.github.pooltune.test.Sql;
import io.github.pooltune.test.TestDatabase;

/**
 * The pooling guide's "29x faster" (52.3 s without a pool, 1.8 s with one):
 * {@value #QUERIES} sequential {@code select 1}, each on a new connection from
 * {@link DriverManager}, or each on a connection borrowed from a HikariCP pool. The score
 * is the time for all {@value #QUERIES}.
 *
 * @author pooltune
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(2)
public class PoolingBenchmark {

	static final int QUERIES = 1000;

	private TestDatabase database;

	private HikariDataSource pool;

	@Setup(Level.Trial)
	public void startPool() throws SQLException {
		this.database = TestDatabase.get();
		this.pool = PlainPool.start(this.database, null, 0);
	}

	@TearDown(Level.Trial)
	public void stopPool() {
		this.pool.close();
	}

	@Benchmark
	@Warmup(iterations = 1)
	@Measurement(iterations = 5)
	public long withoutPool() throws SQLException {
		return selectOneOnEach(() -> DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(),
				this.database.password()));
	}

	@Benchmark
	@Warmup(iterations = 10)
	@Measurement(iterations = 20)
	public long withPool() throws SQLException {
		return selectOneOnEach(this.pool::getConnection);
	}

	/** The {@value #QUERIES} queries, each on a connection of its own from the source, closed after it. */
	private static long selectOneOnEach(ConnectionSource connections) throws SQLException {
		long sum = 0;
		for (int i = 0; i < QUERIES; i++) {
			try (Connection connection = connections.get()) {
				sum += Sql.singleLong(connection, "select 1");
			}
		}
		return sum;
	}

	@FunctionalInterface
	private interface ConnectionSource {

		Connection get() throws SQLException;

	}

}
