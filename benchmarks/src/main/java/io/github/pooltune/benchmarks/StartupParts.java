package io.github.pooltune.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.StreamSupport;

import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.health.DbHealthContributorAutoConfiguration;
import io.github.pooltune.autoconfigure.health.PoolHealthContributorAutoConfiguration;
import io.github.pooltune.autoconfigure.metrics.PoolMetricsAutoConfiguration;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.virtualthreads.VirtualThreadsAutoConfiguration;
import io.github.pooltune.test.TestDatabase;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * What each part of pooltune adds to start-up: {@link StartupBenchmark}'s service, to its
 * first borrowed connection, in four variants that take turns in one JVM, so that a change
 * of load on a shared machine hits all of them alike (JMH forks them apart, and its error
 * on this measure is about ± 10 ms). The variants: without pooltune; with all of it; with
 * its core only (settings, tuning, health, metrics; none of the checks, the endpoint or the
 * autopilot); with all of it but pgjdbc's {@code loginTimeout} 0 (the driver then opens
 * connections on the calling thread). Prints each variant's median wall clock and mean
 * main-thread CPU time, and both as ratios to the start-up without pooltune, as a
 * Markdown table.
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar io.github.pooltune.benchmarks.StartupParts [rounds]}
 * (150 rounds by default, after 30 of warm-up; about a minute on 2 cores).
 *
 * @author pooltune
 */
public final class StartupParts {

	/** pooltune's auto-configurations that every pool needs; the others check, show or resize pools. */
	static final Set<String> CORE = Set.of(PooltuneAutoConfiguration.class.getName(),
			PoolHealthContributorAutoConfiguration.class.getName(),
			DbHealthContributorAutoConfiguration.class.getName(), PoolMetricsAutoConfiguration.class.getName(),
			VirtualThreadsAutoConfiguration.class.getName());

	private static final int WARM_UP = 30;

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final TestDatabase database;

	StartupParts(TestDatabase database) {
		this.database = database;
	}

	public static void main(String[] args) throws SQLException {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 150;
		List<Measured> measured = new StartupParts(TestDatabase.get()).measure(variants(), WARM_UP, rounds);
		print(measured, System.out);
	}

	/** The four variants, the one without pooltune first: the others are compared with it. */
	static List<Variant> variants() {
		List<String> all = StreamSupport.stream(StartupBenchmark.pooltuneAutoConfigurations().spliterator(), false)
			.toList();
		List<String> checks = all.stream().filter((name) -> !CORE.contains(name)).toList();
		return List.of(new Variant("without pooltune", false, exclude(all)), new Variant("with pooltune", true),
				new Variant("core only: no checks, endpoint or autopilot", true, exclude(checks)),
				new Variant("with pooltune, pgjdbc's loginTimeout 0", true,
						"spring.datasource.hikari.data-source-properties.loginTimeout=0"));
	}

	private static String exclude(List<String> names) {
		return "spring.autoconfigure.exclude=" + String.join(",", names);
	}

	List<Measured> measure(List<Variant> variants, int warmUp, int rounds) throws SQLException {
		long[][] wall = new long[variants.size()][rounds];
		long[][] cpu = new long[variants.size()][rounds];
		for (int round = 0; round < warmUp + rounds; round++) {
			for (int v = 0; v < variants.size(); v++) {
				long cpuStart = threads.getCurrentThreadCpuTime();
				long start = System.nanoTime();
				ConfigurableApplicationContext context = StartupBenchmark.startUpToFirstConnection(this.database,
						variants.get(v).withQuietLog());
				long tookWall = System.nanoTime() - start;
				long tookCpu = threads.getCurrentThreadCpuTime() - cpuStart;
				try {
					variants.get(v).check(context);
				}
				finally {
					context.close();
				}
				if (round >= warmUp) {
					wall[v][round - warmUp] = tookWall;
					cpu[v][round - warmUp] = tookCpu;
				}
			}
		}
		List<Measured> measured = new ArrayList<>();
		for (int v = 0; v < variants.size(); v++) {
			measured.add(new Measured(variants.get(v), median(wall[v]), mean(cpu[v])));
		}
		return measured;
	}

	static void print(List<Measured> measured, PrintStream out) {
		Measured without = measured.get(0);
		out.println("| start-up to the first connection | wall clock (median) | ratio | main-thread CPU (mean) | ratio |");
		out.println("|---|---|---|---|---|");
		for (Measured variant : measured) {
			out.println(String.format(Locale.ROOT, "| %s | %.1f ms | %.3f | %.1f ms | %.3f |", variant.variant().name(),
					variant.wallMillis(), variant.wallMillis() / without.wallMillis(), variant.cpuMillis(),
					variant.cpuMillis() / without.cpuMillis()));
		}
	}

	private static double median(long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		double median = (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
		return median / 1e6;
	}

	private static double mean(long[] nanos) {
		return Arrays.stream(nanos).average().orElse(Double.NaN) / 1e6;
	}

	/** One way of starting the service. */
	record Variant(String name, boolean tuned, String... properties) {

		/** Its properties, and the root log level at WARN: 720 start-ups would otherwise log 20 lines each. */
		String[] withQuietLog() {
			String[] properties = Arrays.copyOf(this.properties, this.properties.length + 1);
			properties[this.properties.length] = "logging.level.root=warn";
			return properties;
		}

		/** That pooltune ran, or did not, as the variant says. */
		void check(ConfigurableApplicationContext context) {
			boolean ran = context.getBeanNamesForType(PoolSettings.class).length > 0;
			if (ran != this.tuned) {
				throw new IllegalStateException("pooltune " + (ran ? "ran" : "did not run") + " in '" + this.name + "'");
			}
		}

	}

	/** A variant's figures: the wall clock's median, the main thread's mean CPU time, in milliseconds. */
	record Measured(Variant variant, double wallMillis, double cpuMillis) {

	}

}
