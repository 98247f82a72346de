package io.github.pooltune.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.github.pooltune.benchmarks.RatioTable.Estimate;
import io.github.pooltune.benchmarks.RatioTable.Score;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The ratio table's arithmetic and its reading of JMH's JSON; no benchmark runs here.
 *
 * @author pooltune
 */
class RatioTableTests {

	@Test
	void aRatioCarriesBothRelativeErrorsInQuadrature() {
		Estimate ratio = RatioTable.ratio(new Score(4.0, 0.4, "ops/us"), new Score(2.0, 0.2, "ops/us"));
		assertThat(ratio.value()).isEqualTo(2.0);
		assertThat(ratio.error()).isCloseTo(2.0 * Math.sqrt(0.1 * 0.1 + 0.1 * 0.1), within(1e-12));
	}

	@Test
	void throughputsAddTheDifferenceOfTheirInversesInNanoseconds() {
		// 1/2 - 1/4 ops/µs = 0.25 µs; errors 0.2/2² and 0.4/4², i.e. 0.05 µs and 0.025 µs.
		assertThat(RatioTable.added(new Score(2.0, 0.2, "ops/us"), new Score(4.0, 0.4, "ops/us")))
			.isEqualTo("250 ± 56 ns");
	}

	@Test
	void timesAddTheirDifference() {
		assertThat(RatioTable.added(new Score(210, 3, "ms/op"), new Score(200, 4, "ms/op"))).isEqualTo("10.0 ± 5.0 ms");
	}

	@Test
	void printsTheRowsItHasResultsForWithTheirGoals() throws URISyntaxException {
		Path json = Path.of(getClass().getResource("/jmh-sample.json").toURI());
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		RatioTable.read(json).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
		String table = bytes.toString(StandardCharsets.UTF_8);
		assertThat(table).contains(
				"| Borrow + return (1 thread, prometheus): pooltune / plain HikariCP | 2.00 ± 0.20 ops/µs "
						+ "| 4.00 ± 0.40 ops/µs | 0.500 ± 0.071 | 250 ± 56 ns | — |")
			.contains("| Borrow + return (1 thread, prometheus): pooltune / Spring Boot's pool without pooltune "
					+ "| 2.00 ± 0.20 ops/µs | 2.02 ± 0.10 ops/µs | 0.990 ± 0.110 | 4.95 ± 55.68 ns | ≥ 0.97: met |")
			.contains("| Start-up to the first connection: with pooltune / without | 210 ± 10 ms/op | 200 ± ? ms/op "
					+ "| 1.05 ± ? | 10.0 ± ? ms | ≤ 1.10: met |")
			.doesNotContain("4 threads")
			.doesNotContain("leak detection")
			.doesNotContain("select 1");
	}

}
