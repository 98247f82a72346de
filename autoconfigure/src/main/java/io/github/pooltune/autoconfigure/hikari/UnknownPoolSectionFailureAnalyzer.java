package io.github.pooltune.autoconfigure.hikari;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link UnknownPoolSectionException}: each section that names no pool, where
 * it was given, and the pools there are.
 *
 * @author pooltune
 */
class UnknownPoolSectionFailureAnalyzer extends AbstractFailureAnalyzer<UnknownPoolSectionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownPoolSectionException cause) {
		String sections = cause.getSections()
			.stream()
			.map((section) -> "    " + section.displayName() + " (from " + section.where() + ")")
			.collect(Collectors.joining("\n"));
		String pools = cause.getPools().isEmpty() ? "there is no HikariDataSource bean"
				: "the HikariDataSource beans are " + cause.getPools().stream()
					.map((pool) -> "'" + pool + "'")
					.collect(Collectors.joining(", "));
		String description = String.format("pooltune has settings for pools that do not exist; each "
				+ "db.pools.<name>.* section is for the HikariDataSource bean of that name (ignoring case):%n%n%s%n%n"
				+ "but %s.", sections, pools);
		String action = "Name each section after the bean of its pool (db.pools.<bean-name>.pool-size, "
				+ "DB_POOLS_<BEANNAME>_POOL_SIZE), or remove it.";
		return new FailureAnalysis(description, action, cause);
	}

}
