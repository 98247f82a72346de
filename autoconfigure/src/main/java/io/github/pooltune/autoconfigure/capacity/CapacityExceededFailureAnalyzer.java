package io.github.pooltune.autoconfigure.capacity;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link CapacityExceededException}: the numbers, the formula and the fix.
 *
 * @author pooltune
 */
class CapacityExceededFailureAnalyzer extends AbstractFailureAnalyzer<CapacityExceededException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CapacityExceededException cause) {
		String description = String.format(
				"The fleet of %s can open more connections than the database allows (instances × %s + reserved "
						+ "must fit):%n%n%s",
				cause.getReport().describePools(),
				(cause.getReport().pools().size() > 1) ? "Σ(pool-size + max-overflow) of the pools on one server"
						: "(pool-size + max-overflow)",
				cause.getProblems().stream().map((problem) -> "    " + problem).collect(Collectors.joining("\n")));
		String action = "Apply one of the fixes above. DB_INSTANCES is how many instances share the database, "
				+ "DB_RESERVED_CONNECTIONS the slots kept free for others. To start anyway and only log this, set "
				+ "DB_CAPACITY_CHECK=warn.";
		return new FailureAnalysis(description, action, cause);
	}

}
