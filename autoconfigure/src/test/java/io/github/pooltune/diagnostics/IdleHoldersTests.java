package io.github.pooltune.diagnostics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counting connections held idle from one look at the server: the checked-out ones that
 * run nothing and hold no transaction, their idle times only when none idled in the pool.
 *
 * @author pooltune
 */
class IdleHoldersTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void theCheckedOutIdleAreWhatNeitherRunsNorHoldsATransaction() {
		IdleHolders holders = IdleHolders.of("p", NOW,
				List.of("active", "idle in transaction", "idle in transaction (aborted)", "idle", "idle", "idle"),
				List.of(ms(5), ms(900), ms(400)), 4, 0, 1);
		assertThat(holders.active()).isEqualTo(1);
		assertThat(holders.idleInTransaction()).isEqualTo(2);
		assertThat(holders.idle()).isEqualTo(1);
		assertThat(holders.idleFor()).containsExactly(ms(900), ms(400), ms(5));
	}

	@Test
	void sessionsIdleInThePoolAreNotCountedAndTheirTimesAreNotShown() {
		IdleHolders holders = IdleHolders.of("p", NOW, List.of("idle", "idle", "idle", "active"),
				List.of(ms(60_000), ms(30_000), ms(800)), 2, 2, 0);
		assertThat(holders.idle()).isEqualTo(1);
		assertThat(holders.idleFor()).isEmpty();
		assertThat(holders.mostlyIdle()).isTrue();
	}

	@Test
	void mostlyIdleIsHalfTheCheckedOutOrMoreIdleLongerThanAPauseBetweenStatements() {
		assertThat(IdleHolders.of("p", NOW, List.of("idle", "idle"), List.of(ms(700), ms(600)), 2, 0, 3).mostlyIdle())
			.isTrue();
		assertThat(IdleHolders.of("p", NOW, List.of("idle", "active", "active"), List.of(ms(700)), 3, 0, 3)
			.mostlyIdle()).isFalse();
		assertThat(IdleHolders.of("p", NOW, List.of("idle", "idle"), List.of(ms(2), ms(1)), 2, 0, 3).mostlyIdle())
			.isFalse();
		assertThat(IdleHolders.of("p", NOW, List.of(), List.of(), 0, 2, 0).mostlyIdle()).isFalse();
	}

	private static Duration ms(long millis) {
		return Duration.ofMillis(millis);
	}

}
