package io.github.pooltune.diagnostics;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the server's idle timeout closes pooled connections first, and what to change.
 *
 * @author pooltune
 */
class ServerTimeoutsTests {

	@Test
	void anIdleTimeoutShorterThanTheKeepaliveIsNamedWithBothFixes() {
		ServerTimeouts server = timeouts(Duration.ofSeconds(240));
		assertThat(server.staleConnectionWarnings("dataSource", Duration.ofSeconds(300), Duration.ofHours(1)))
			.containsExactly("Pool 'dataSource': the server closes sessions idle for 240s (idle_session_timeout), "
					+ "and the pool pings them only every 300s; idle pooled connections die there, HikariCP finds "
					+ "them on the next borrow and opens new ones: set DB_POOL_KEEPALIVE below 240s (for example "
					+ "120s) so the pool pings its idle connections first (or DB_POOL_RECYCLE below 240s)");
	}

	@Test
	void aPoolThatDoesNotPingIsNamedToo() {
		assertThat(timeouts(Duration.ofMinutes(10)).staleConnectionWarnings("p", Duration.ZERO, Duration.ofMinutes(5)))
			.singleElement()
			.asString()
			.contains("and the pool does not ping idle connections")
			.doesNotContain("DB_POOL_RECYCLE");
	}

	@Test
	void aKeepaliveBelowTheIdleTimeoutOrNoIdleTimeoutIsFine() {
		assertThat(timeouts(Duration.ofMinutes(10)).staleConnectionWarnings("p", Duration.ofMinutes(2),
				Duration.ofHours(1)))
			.isEmpty();
		assertThat(timeouts(Duration.ZERO).staleConnectionWarnings("p", Duration.ZERO, Duration.ZERO)).isEmpty();
	}

	private static ServerTimeouts timeouts(Duration idleSessionTimeout) {
		return new ServerTimeouts(idleSessionTimeout, Duration.ZERO, Duration.ZERO, Duration.ZERO);
	}

}
