package io.github.pooltune.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;

import io.github.pooltune.test.TestDatabase;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link BorrowBenchmark}'s one-thread borrow + return, timed in this thread's CPU time
 * rather than wall time: on a shared machine other processes steal wall time, not this
 * thread's CPU time. Spring Boot's pool without pooltune and the same pool with pooltune
 * ({@link BootPool}) run in one JVM, in alternating blocks, so that both meet the same
 * machine. Prints one line per pair of blocks: nanoseconds of CPU per borrow + return
 * without pooltune, then with it. The JIT lays out each JVM differently, so compare
 * several JVMs, not the pairs of one.
 * <p>
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.pooltune.benchmarks.BorrowCpuTime [pairs=30] [borrows per block=200000]}.
 *
 * @author pooltune
 */
public final class BorrowCpuTime {

	private static final int WARM_UP_PAIRS = 5;

	private BorrowCpuTime() {
	}

	public static void main(String[] args) throws SQLException {
		int pairs = (args.length > 0) ? Integer.parseInt(args[0]) : 30;
		int borrows = (args.length > 1) ? Integer.parseInt(args[1]) : 200_000;
		TestDatabase database = TestDatabase.get();
		try (ConfigurableApplicationContext boot = BootPool.start(database, "prometheus", false);
				ConfigurableApplicationContext tuned = BootPool.start(database, "prometheus", true)) {
			HikariDataSource without = boot.getBean(HikariDataSource.class);
			HikariDataSource with = tuned.getBean(HikariDataSource.class);
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			StringBuilder lines = new StringBuilder("cpu ns per borrow + return: without pooltune, with pooltune\n");
			for (int i = 0; i < WARM_UP_PAIRS + pairs; i++) {
				// Each goes first every other pair.
				boolean withoutFirst = (i % 2 == 0);
				double first = cpuNanosPerBorrow(threads, withoutFirst ? without : with, borrows);
				double second = cpuNanosPerBorrow(threads, withoutFirst ? with : without, borrows);
				if (i >= WARM_UP_PAIRS) {
					lines.append(String.format("%.1f %.1f%n", withoutFirst ? first : second,
							withoutFirst ? second : first));
				}
			}
			System.out.print(lines);
		}
	}

	private static double cpuNanosPerBorrow(ThreadMXBean threads, HikariDataSource pool, int borrows)
			throws SQLException {
		long start = threads.getCurrentThreadCpuTime();
		for (int i = 0; i < borrows; i++) {
			Connection connection = pool.getConnection();
			connection.close();
		}
		return (double) (threads.getCurrentThreadCpuTime() - start) / borrows;
	}

}
