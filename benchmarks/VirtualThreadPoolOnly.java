import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The pool alone on virtual threads, as HikariCP #2402 measured it: THREADS virtual threads
 * borrow and return connections of a pool of POOL for WINDOW_SECONDS (environment variables), nothing else in the JVM (no
 * statement, so no round trip: only HikariCP's ConcurrentBag is measured). Prints one
 * JSON line: borrows, borrows per second, the process's CPU seconds over the window.
 * Run by benchmarks/virtual-threads.sh with each HikariCP jar on the class path:
 * {@code java -cp HikariCP.jar:postgresql.jar:slf4j-api.jar VirtualThreadPoolOnly.java URL USER PASSWORD}.
 *
 * @author pooltune
 */
public class VirtualThreadPoolOnly {

	public static void main(String[] args) throws Exception {
		int threads = Integer.parseInt(System.getenv().getOrDefault("THREADS", "400"));
		int pool = Integer.parseInt(System.getenv().getOrDefault("POOL", "20"));
		int seconds = Integer.parseInt(System.getenv().getOrDefault("WINDOW_SECONDS", "15"));
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(args[0]);
		config.setUsername(args[1]);
		config.setPassword(args[2]);
		config.setMaximumPoolSize(pool);
		config.setMinimumIdle(pool);
		config.setConnectionTimeout(30_000);
		try (HikariDataSource dataSource = new HikariDataSource(config)) {
			// Wait for the pool to fill, so that the window measures hand-offs, not connects.
			while (dataSource.getHikariPoolMXBean().getIdleConnections() < pool) {
				Thread.sleep(50);
			}
			LongAdder borrows = new LongAdder();
			long warmupEnds = System.nanoTime() + 3_000_000_000L;
			long ends = warmupEnds + seconds * 1_000_000_000L;
			List<Thread> workers = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				workers.add(Thread.ofVirtual().start(() -> {
					try {
						while (System.nanoTime() < ends) {
							try (Connection connection = dataSource.getConnection()) {
								if (System.nanoTime() > warmupEnds) {
									borrows.increment();
								}
							}
						}
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}));
			}
			Thread.sleep(Math.max(0, (warmupEnds - System.nanoTime()) / 1_000_000));
			long cpuBefore = processCpuNanos();
			long started = System.nanoTime();
			for (Thread worker : workers) {
				worker.join();
			}
			double elapsed = (System.nanoTime() - started) / 1e9;
			double cpu = (processCpuNanos() - cpuBefore) / 1e9;
			System.out.printf("POOL_ONLY_JSON {\"threads\": %d, \"pool\": %d, \"seconds\": %.3f, \"borrows\": %d, "
					+ "\"borrows_per_s\": %.0f, \"cpu_seconds\": %.2f}%n", threads, pool, elapsed, borrows.sum(),
					borrows.sum() / elapsed, cpu);
		}
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

}
