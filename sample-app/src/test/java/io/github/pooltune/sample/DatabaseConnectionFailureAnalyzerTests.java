package io.github.pooltune.sample;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabaseConnectionFailureAnalyzer}.
 *
 * @author pooltune
 */
class DatabaseConnectionFailureAnalyzerTests {

	@Test
	void explainsARefusedConnectionWithHostAndPortOnly() {
		FailureAnalysis analysis = analyzer("jdbc:postgresql://db.internal:6543/orders?password=S3cret&ssl=true")
			.analyze(startupFailure(new SQLException("Connection to db.internal:6543 refused.", "08001",
					new ConnectException("Connection refused"))));
		assertThat(analysis.getDescription())
			.startsWith("The database at db.internal:6543 (database orders) did not answer (Connection refused).")
			.doesNotContain("S3cret");
		assertThat(analysis.getAction()).contains("DATABASE_URL");
	}

	@Test
	void explainsAnUnknownHost() {
		FailureAnalysis analysis = analyzer("jdbc:postgresql://nowhere/app")
			.analyze(startupFailure(new SQLException("The connection attempt failed.", "08001",
					new UnknownHostException("nowhere"))));
		assertThat(analysis.getDescription()).startsWith("The database at nowhere:5432 (database app) did not "
				+ "answer (unknown host).");
	}

	@Test
	void leavesOtherFailuresToOtherAnalyzers() {
		SQLException wrongPassword = new SQLException("password authentication failed for user \"app\"", "28P01");
		assertThat(analyzer("jdbc:postgresql://localhost/app").analyze(startupFailure(wrongPassword))).isNull();
		assertThat(analyzer("jdbc:postgresql://localhost/app").analyze(new IllegalStateException("other"))).isNull();
	}

	@Test
	void locationNamesHostsPortAndDatabaseOnly() {
		assertThat(DatabaseConnectionFailureAnalyzer.location("jdbc:postgresql://h:1/x")).isEqualTo("h:1 (database x)");
		assertThat(DatabaseConnectionFailureAnalyzer.location("jdbc:postgresql://h1:5432,h2:5433/x?user=u"))
			.isEqualTo("h1:5432,h2:5433 (database x)");
		assertThat(DatabaseConnectionFailureAnalyzer.location("jdbc:postgresql://h?password=p")).isEqualTo("h:5432");
		assertThat(DatabaseConnectionFailureAnalyzer.location(null)).isEqualTo("the configured address");
	}

	private static DatabaseConnectionFailureAnalyzer analyzer(String url) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("spring.datasource.url", url)));
		return new DatabaseConnectionFailureAnalyzer(environment);
	}

	private static Exception startupFailure(SQLException cause) {
		return new BeanCreationException("flywayInitializer", "Unable to obtain connection from database", cause);
	}

}
