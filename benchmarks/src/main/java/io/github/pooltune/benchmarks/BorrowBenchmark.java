package io.github.pooltune.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.github.pooltune.test.TestDatabase;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * What pooltune costs on the borrow path: {@code getConnection()} and {@code close()},
 * no query, on a fixed pool of 10 connections against a real PostgreSQL. {@code plain}
 * is a hand-built HikariCP pool with the Micrometer tracker Spring Boot gives it;
 * {@code boot} the pool Spring Boot creates, with its metrics, without pooltune;
 * {@code tuned} the same with pooltune; {@code plain-leak-detection} the plain pool with
 * HikariCP's leak detection on (60 s). All four have the same HikariCP values.
 *
 * @author pooltune
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class BorrowBenchmark {

	private static final long LEAK_DETECTION_THRESHOLD = Duration.ofSeconds(60).toMillis();

	@Param({ "plain", "boot", "tuned", "plain-leak-detection" })
	public String pool;

	/** The meter registry: {@code prometheus} (what pooltune's starter brings) or {@code simple}. */
	@Param({ "prometheus" })
	public String registry;

	private HikariDataSource dataSource;

	private ConfigurableApplicationContext context;

	private MeterRegistry plainRegistry;

	@Setup(Level.Trial)
	public void startPool() throws SQLException {
		TestDatabase database = TestDatabase.get();
		switch (this.pool) {
			case "plain" -> this.dataSource = PlainPool.start(database, plainRegistry(), 0);
			case "plain-leak-detection" ->
				this.dataSource = PlainPool.start(database, plainRegistry(), LEAK_DETECTION_THRESHOLD);
			case "boot", "tuned" -> {
				this.context = BootPool.start(database, this.registry, this.pool.equals("tuned"));
				this.dataSource = this.context.getBean(HikariDataSource.class);
			}
			default -> throw new IllegalArgumentException(
					"pool: plain, boot, tuned or plain-leak-detection, not " + this.pool);
		}
	}

	private MeterRegistry plainRegistry() {
		this.plainRegistry = switch (this.registry) {
			case "prometheus" -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
			case "simple" -> new SimpleMeterRegistry();
			default -> throw new IllegalArgumentException("registry: prometheus or simple, not " + this.registry);
		};
		return this.plainRegistry;
	}

	@TearDown(Level.Trial)
	public void stopPool() {
		if (this.context != null) {
			this.context.close();
		}
		else {
			this.dataSource.close();
			this.plainRegistry.close();
		}
	}

	@Benchmark
	@Threads(1)
	public void oneThread() throws SQLException {
		borrow();
	}

	@Benchmark
	@Threads(4)
	public void fourThreads() throws SQLException {
		borrow();
	}

	private void borrow() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		connection.close();
	}

}
