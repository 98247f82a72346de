package io.github.pooltune.autoconfigure.hikari;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link PoolAlreadyStartedException}: which bean, which settings, and the two
 * ways out, building the pool so that it starts on first use or leaving it as it is.
 *
 * @author pooltune
 */
class PoolAlreadyStartedFailureAnalyzer extends AbstractFailureAnalyzer<PoolAlreadyStartedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PoolAlreadyStartedException cause) {
		String description = String.format(
				"The HikariCP pool of bean '%s' was started while the bean was being created (new "
						+ "HikariDataSource(HikariConfig) starts it in the constructor, as does a getConnection() call "
						+ "in its @Bean method), so pooltune cannot apply %s to it.",
				cause.getBeanName(), cause.getSettings());
		String keep = "db.*".equals(cause.getSettings()) ? "set DB_ENABLED=false to leave the pool as it is"
				: "remove the " + cause.getSettings() + " settings to keep the pool as the application configures "
						+ "it (pooltune still observes it)";
		String action = "Create the bean with new HikariDataSource() and setters, or with DataSourceBuilder, so that "
				+ "the pool starts on first use, and do not borrow a connection in its @Bean method; or " + keep + ".";
		return new FailureAnalysis(description, action, cause);
	}

}
