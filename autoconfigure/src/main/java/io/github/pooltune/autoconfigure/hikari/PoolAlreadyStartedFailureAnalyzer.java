package io.github.pooltune.autoconfigure.hikari;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link PoolAlreadyStartedException} and how to build the pool so that it can
 * be tuned.
 *
 * @author pooltune
 */
class PoolAlreadyStartedFailureAnalyzer extends AbstractFailureAnalyzer<PoolAlreadyStartedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PoolAlreadyStartedException cause) {
		String description = String.format(
				"The HikariCP pool of bean '%s' was started while the bean was being created (for example by "
						+ "new HikariDataSource(HikariConfig), or by a getConnection() call in its @Bean method), "
						+ "so pooltune cannot apply the DB_POOL_* settings to it.",
				cause.getBeanName());
		String action = "Create the bean with new HikariDataSource() and setters, or with DataSourceBuilder, and do "
				+ "not borrow a connection in its @Bean method; or set DB_ENABLED=false to leave the pool as it is.";
		return new FailureAnalysis(description, action, cause);
	}

}
