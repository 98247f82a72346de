package io.github.pooltune.test;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PostgresSourcesTests {

	@Test
	void firstSourceWithAServerWins() {
		PostgresServer server = PostgresSources.first(
				List.of(unavailable("a", "not set"), available("b"), available("c")), Map.of());
		assertThat(server.source()).isEqualTo("b");
	}

	@Test
	void noServerAnywhereFailsWithEveryReasonAndWhatToDo() {
		assertThatIllegalStateException()
			.isThrownBy(() -> PostgresSources.first(List.of(unavailable("a", "not set"), unavailable("b", "no Docker")),
					Map.of()))
			.withMessageContaining("a: not set")
			.withMessageContaining("b: no Docker")
			.withMessageContaining("TEST_DATABASE_URL=postgresql://");
	}

	@Test
	void testDatabaseUrlThatDoesNotAnswerFailsInsteadOfFallingThrough() {
		Map<String, String> environment = Map.of("TEST_DATABASE_URL", "postgresql://ci:x@127.0.0.1:1/postgres");
		assertThatIllegalStateException()
			.isThrownBy(() -> PostgresSources.first(List.of(new TestDatabaseUrlSource(), available("next")),
					environment))
			.withMessageContaining("TEST_DATABASE_URL is set, but 127.0.0.1:1 does not accept user ci");
	}

	@Test
	void unsetTestDatabaseUrlFallsThrough() {
		assertThat(PostgresSources.first(List.of(new TestDatabaseUrlSource(), available("next")), Map.of()).source())
			.isEqualTo("next");
	}

	@Test
	void serverThatDoesNotAnswerFallsThrough() {
		assertThat(PostgresSources.first(List.of(new LocalServerSource("127.0.0.1", 1), available("next")), Map.of())
			.source()).isEqualTo("next");
	}

	private static PostgresSource available(String name) {
		return new Fake(name, null);
	}

	private static PostgresSource unavailable(String name, String reason) {
		return new Fake(name, reason);
	}

	private record Fake(String name, String reason) implements PostgresSource {

		@Override
		public PostgresServer start(Map<String, String> environment) throws Unavailable {
			if (this.reason != null) {
				throw new Unavailable(this.reason);
			}
			return new PostgresServer(this.name, "localhost", 5432, "u", "", "postgres", () -> {
			});
		}

	}

}
