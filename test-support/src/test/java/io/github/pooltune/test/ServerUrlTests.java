package io.github.pooltune.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServerUrlTests {

	@Test
	void readsThePostgresqlForm() {
		PostgresServer server = ServerUrl.parse("postgresql://ci:p%40ss@db.local:6543/admin", "x");
		assertThat(server.host()).isEqualTo("db.local");
		assertThat(server.port()).isEqualTo(6543);
		assertThat(server.username()).isEqualTo("ci");
		assertThat(server.password()).isEqualTo("p@ss");
		assertThat(server.maintenanceDatabase()).isEqualTo("admin");
	}

	@Test
	void readsTheJdbcFormWithCredentialsInTheQuery() {
		PostgresServer server = ServerUrl.parse("jdbc:postgresql://db.local/postgres?user=ci&password=a%26b", "x");
		assertThat(server.port()).isEqualTo(5432);
		assertThat(server.username()).isEqualTo("ci");
		assertThat(server.password()).isEqualTo("a&b");
	}

	@Test
	void defaultsTheMaintenanceDatabaseToPostgres() {
		assertThat(ServerUrl.parse("postgres://ci@db.local", "x").maintenanceDatabase()).isEqualTo("postgres");
	}

	@Test
	void rejectsOtherSchemes() {
		assertThatIllegalArgumentException().isThrownBy(() -> ServerUrl.parse("mysql://ci@db/x", "x"))
			.withMessageContaining("postgresql://");
	}

}
