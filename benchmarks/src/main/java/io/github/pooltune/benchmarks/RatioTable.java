package io.github.pooltune.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads JMH's JSON results ({@code -rf json}) and prints the ratios docs/benchmarks.md
 * gives as a Markdown table. Each {@code ±} is JMH's score error, the half-width of its 99.9 %
 * confidence interval; a ratio's error adds the two relative errors in quadrature.
 *
 * @author pooltune
 */
public final class RatioTable {

	private static final String PACKAGE = "io.github.pooltune.benchmarks.";

	private final List<Result> results;

	RatioTable(List<Result> results) {
		this.results = results;
	}

	public static void main(String[] args) {
		if (args.length != 1) {
			System.err.println("Usage: RatioTable <jmh-results.json>");
			System.exit(2);
		}
		read(Path.of(args[0])).print(System.out);
	}

	static RatioTable read(Path json) {
		List<Result> results = new ArrayList<>();
		for (JsonNode run : JsonMapper.builder().build().readTree(json)) {
			JsonNode metric = run.path("primaryMetric");
			Map<String, String> params = new TreeMap<>();
			run.path("params").properties().forEach((param) -> params.put(param.getKey(), param.getValue().asString()));
			results.add(new Result(run.path("benchmark").asString().replace(PACKAGE, ""), params,
					new Score(number(metric.path("score")), number(metric.path("scoreError")),
							metric.path("scoreUnit").asString())));
		}
		return new RatioTable(results);
	}

	/** JMH writes NaN, for a score with too few samples for an error, as a string. */
	private static double number(JsonNode node) {
		return node.isNumber() ? node.doubleValue() : Double.parseDouble(node.asString());
	}

	void print(PrintStream out) {
		out.println("| comparison | measured | against | ratio | added per operation | goal |");
		out.println("|---|---|---|---|---|---|");
		Set<String> registries = new LinkedHashSet<>();
		this.results.stream()
			.filter((result) -> result.benchmark().startsWith("BorrowBenchmark."))
			.forEach((result) -> registries.add(result.params().get("registry")));
		for (String registry : registries) {
			for (String threads : List.of("oneThread", "fourThreads")) {
				String borrow = "BorrowBenchmark." + threads;
				String label = (threads.equals("oneThread") ? "1 thread" : "4 threads") + ", " + registry;
				Score plain = find(borrow, Map.of("pool", "plain", "registry", registry));
				Score tuned = find(borrow, Map.of("pool", "tuned", "registry", registry));
				// The goal is against the pool a service has without pooltune: Spring Boot's, with its metrics.
				row(out, "Borrow + return (" + label + "): pooltune / Spring Boot's pool without pooltune", tuned,
						find(borrow, Map.of("pool", "boot", "registry", registry)), Goal.atLeast(0.97));
				row(out, "Borrow + return (" + label + "): pooltune / plain HikariCP", tuned, plain, Goal.NONE);
				row(out, "Borrow + return (" + label + "): leak detection 60 s / off, plain HikariCP",
						find(borrow, Map.of("pool", "plain-leak-detection", "registry", registry)), plain, Goal.NONE);
			}
		}
		String startup = "StartupBenchmark.startUpToFirstConnection";
		row(out, "Start-up to the first connection: with pooltune / without", find(startup, Map.of("pooltune", "with")),
				find(startup, Map.of("pooltune", "without")), Goal.atMost(1.10));
		row(out, "Start-up to the first connection: with pooltune, pgjdbc's loginTimeout 0 / without",
				find(startup, Map.of("pooltune", "with-login-timeout-0")), find(startup, Map.of("pooltune", "without")),
				Goal.NONE);
		row(out, PoolingBenchmark.QUERIES + " sequential `select 1`: a new connection each / a HikariCP pool",
				find("PoolingBenchmark.withoutPool", Map.of()), find("PoolingBenchmark.withPool", Map.of()),
				new Goal("the pooling guide: 29× (52.3 s / 1.8 s)", Double.NaN, 0));
		out.println();
		out.println("± is JMH's score error, the half-width of its 99.9 % confidence interval; a ratio's error "
				+ "adds the relative errors of its two scores in quadrature. \"Added per operation\" is the time "
				+ "one operation takes more than in the comparison (from throughput: 1/measured − 1/against).");
	}

	private Score find(String benchmark, Map<String, String> params) {
		return this.results.stream()
			.filter((result) -> result.benchmark().equals(benchmark)
					&& result.params().entrySet().containsAll(params.entrySet()))
			.map(Result::score)
			.findFirst()
			.orElse(null);
	}

	private static void row(PrintStream out, String comparison, Score measured, Score against, Goal goal) {
		if (measured == null || against == null) {
			return;
		}
		out.println("| " + comparison + " | " + measured + " | " + against + " | "
				+ format(ratio(measured, against)) + " | " + added(measured, against) + " | "
				+ goal.verdict(ratio(measured, against)) + " |");
	}

	/** measured / against, with its propagated error. */
	static Estimate ratio(Score measured, Score against) {
		double ratio = measured.value() / against.value();
		return new Estimate(ratio,
				ratio * Math.hypot(measured.error() / measured.value(), against.error() / against.value()));
	}

	/**
	 * The time one operation takes more: for scores in operations per time unit the
	 * difference of their inverses, for scores in time per operation the difference.
	 */
	static String added(Score measured, Score against) {
		if (measured.unit().startsWith("ops/")) {
			String unit = measured.unit().substring("ops/".length());
			double a = 1 / measured.value();
			double b = 1 / against.value();
			Estimate difference = new Estimate(a - b, Math.hypot(measured.error() * a * a, against.error() * b * b));
			return unit.equals("us") ? format(difference.times(1000)) + " ns" : format(difference) + " " + unit;
		}
		if (measured.unit().endsWith("/op")) {
			return format(new Estimate(measured.value() - against.value(),
					Math.hypot(measured.error(), against.error()))) + " " + measured.unit().replace("/op", "");
		}
		return "—";
	}

	static String format(Estimate estimate) {
		double magnitude = Math.abs(estimate.value());
		int decimals = (magnitude >= 100) ? 0 : (magnitude >= 10) ? 1 : (magnitude >= 1) ? 2 : 3;
		String value = String.format(Locale.ROOT, "%." + decimals + "f", estimate.value());
		return value + " ± "
				+ (Double.isNaN(estimate.error()) ? "?" : String.format(Locale.ROOT, "%." + decimals + "f", estimate.error()));
	}

	record Result(String benchmark, Map<String, String> params, Score score) {

	}

	record Score(double value, double error, String unit) {

		@Override
		public String toString() {
			return format(new Estimate(this.value, this.error)) + " " + this.unit.replace("us", "µs");
		}

	}

	record Estimate(double value, double error) {

		Estimate times(double factor) {
			return new Estimate(this.value * factor, this.error * factor);
		}

	}

	/** A ratio's goal: at least or at most a bound, or only a text to compare with. */
	record Goal(String text, double bound, int direction) {

		static final Goal NONE = new Goal("—", Double.NaN, 0);

		static Goal atLeast(double bound) {
			return new Goal(String.format(Locale.ROOT, "≥ %.2f", bound), bound, 1);
		}

		static Goal atMost(double bound) {
			return new Goal(String.format(Locale.ROOT, "≤ %.2f", bound), bound, -1);
		}

		String verdict(Estimate ratio) {
			if (this.direction == 0) {
				return this.text;
			}
			double value = ratio.value();
			double error = Double.isNaN(ratio.error()) ? 0 : ratio.error();
			boolean met = (this.direction > 0) ? value >= this.bound : value <= this.bound;
			boolean withinError = (this.direction > 0) ? value + error >= this.bound : value - error <= this.bound;
			return this.text + (met ? ": met" : (withinError ? ": missed, within the error" : ": missed"));
		}

	}

}
