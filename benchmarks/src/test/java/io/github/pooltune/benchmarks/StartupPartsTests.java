package io.github.pooltune.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;

import io.github.pooltune.benchmarks.StartupParts.Measured;
import io.github.pooltune.benchmarks.StartupParts.Variant;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up parts' variants against the test database, one round each, and the table
 * they print; the figures themselves come from a run on an idle machine.
 *
 * @author pooltune
 */
class StartupPartsTests {

	@Test
	void theCoreIsPartOfPooltunesAutoConfigurationsAndTheChecksAreTheRest() {
		List<String> all = StreamSupport.stream(StartupBenchmark.pooltuneAutoConfigurations().spliterator(), false)
			.toList();
		assertThat(all).containsAll(StartupParts.CORE);
		assertThat(all.size() - StartupParts.CORE.size()).isGreaterThanOrEqualTo(8);
	}

	@Test
	void eachVariantStartsTheServiceAsItSays() throws Exception {
		// measure() checks in each start-up that pooltune ran, or did not, as the variant says.
		List<Measured> measured = new StartupParts(TestDatabase.get()).measure(StartupParts.variants(), 0, 1);
		assertThat(measured).extracting((figures) -> figures.variant().name())
			.containsExactly("without pooltune", "with pooltune", "core only: no checks, endpoint or autopilot",
					"with pooltune, pgjdbc's loginTimeout 0");
		assertThat(measured).allSatisfy((figures) -> assertThat(figures.wallMillis()).isPositive());
	}

	@Test
	void theTableGivesEachVariantAgainstTheStartUpWithoutPooltune() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		StartupParts.print(List.of(new Measured(new Variant("without pooltune", false), 40.0, 30.0),
				new Measured(new Variant("with pooltune", true), 46.0, 33.0)),
				new PrintStream(bytes, true, StandardCharsets.UTF_8));
		assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("| without pooltune | 40.0 ms | 1.000 | 30.0 ms | 1.000 |")
			.contains("| with pooltune | 46.0 ms | 1.150 | 33.0 ms | 1.100 |");
	}

}
