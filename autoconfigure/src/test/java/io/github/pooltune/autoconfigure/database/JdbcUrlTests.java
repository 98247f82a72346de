package io.github.pooltune.autoconfigure.database;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JdbcUrl}: a URL read as the PostgreSQL driver reads it.
 *
 * @author pooltune
 */
class JdbcUrlTests {

	@Test
	void hostsAndPortsAsTheDriverTriesThem() {
		assertThat(JdbcUrl.parse("jdbc:postgresql://a:5432,b/orders").hostsAndPorts())
			.containsExactly("a:5432", "b:5432");
		assertThat(JdbcUrl.parse("jdbc:postgresql://[::1]:6432/orders").hostsAndPorts()).containsExactly("[::1]:6432");
		assertThat(JdbcUrl.parse("jdbc:postgresql:orders").hostsAndPorts()).containsExactly("localhost:5432");
		assertThat(JdbcUrl.parse("jdbc:postgresql:///orders").hostsAndPorts()).containsExactly("localhost:5432");
	}

	@Test
	void portsOfEveryHost() {
		assertThat(JdbcUrl.parse("jdbc:postgresql://a:5432,b:6432/orders").connectsToPort(6432)).isTrue();
		// A port parameter is the port, as the driver reads it.
		assertThat(JdbcUrl.parse("jdbc:postgresql://a/orders?port=6432").connectsToPort(6432)).isTrue();
		assertThat(JdbcUrl.parse("jdbc:postgresql://a:16432/orders").connectsToPort(6432)).isFalse();
	}

	@Test
	void databaseAndParametersPercentDecoded() {
		JdbcUrl url = JdbcUrl.parse("jdbc:postgresql://h/my%20db?options=-c%20statement_timeout%3D5&applicationname=x");
		assertThat(url.database()).isEqualTo("my db");
		assertThat(url.parameter("options")).isEqualTo("-c statement_timeout=5");
		assertThat(url.parameter("ApplicationName")).isEqualTo("x");
		assertThat(url.parameter("prepareThreshold")).isNull();
		assertThat(JdbcUrl.parse("jdbc:postgresql://h/").database()).isNull();
	}

	@Test
	void onlyWhatTheDriverCanRead() {
		assertThat(JdbcUrl.parse(null)).isNull();
		assertThat(JdbcUrl.parse("jdbc:mysql://h:3306/orders")).isNull();
		assertThat(JdbcUrl.parse("jdbc:postgresql://h:port/orders")).isNull();
	}

}
