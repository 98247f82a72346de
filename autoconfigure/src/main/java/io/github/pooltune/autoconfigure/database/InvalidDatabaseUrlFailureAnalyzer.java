package io.github.pooltune.autoconfigure.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@code DATABASE_URL} that cannot be used, without its password.
 *
 * @author pooltune
 */
class InvalidDatabaseUrlFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDatabaseUrlException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidDatabaseUrlException cause) {
		return new FailureAnalysis(
				"DATABASE_URL '" + cause.getMaskedUrl() + "' cannot be used: " + cause.getReason() + ".",
				"Set DATABASE_URL to postgresql://user:password@host:5432/database (query parameters such as "
						+ "?sslmode=require are passed to the PostgreSQL driver; a primary and its standbys are "
						+ "host1:5432,host2:5432), or set spring.datasource.url instead.",
				cause);
	}

}
