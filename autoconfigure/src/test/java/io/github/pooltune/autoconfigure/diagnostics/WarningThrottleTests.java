package io.github.pooltune.autoconfigure.diagnostics;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One warning per period, the ones in between counted for the next: the clock is passed
 * in, so the period is checked without waiting for it.
 *
 * @author pooltune
 */
class WarningThrottleTests {

	private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");

	private final WarningThrottle throttle = new WarningThrottle(Duration.ofSeconds(30));

	@Test
	void theFirstWarningGoesOutAndNoneWasHeldBack() {
		assertThat(this.throttle.allows(START)).isTrue();
		assertThat(this.throttle.takeHeldBack()).isZero();
	}

	@Test
	void warningsWithinThePeriodAreHeldBackAndCountedForTheNext() {
		assertThat(this.throttle.allows(START)).isTrue();
		this.throttle.takeHeldBack();
		assertThat(this.throttle.allows(START.plusSeconds(1))).isFalse();
		assertThat(this.throttle.allows(START.plusSeconds(29))).isFalse();
		assertThat(this.throttle.allows(START.plusSeconds(30))).isTrue();
		assertThat(this.throttle.takeHeldBack()).isEqualTo(2);
		assertThat(this.throttle.takeHeldBack()).isZero();
	}

	@Test
	void thePeriodCountsFromTheLastWarningThatWentOut() {
		assertThat(this.throttle.allows(START)).isTrue();
		assertThat(this.throttle.allows(START.plusSeconds(31))).isTrue();
		assertThat(this.throttle.allows(START.plusSeconds(40))).isFalse();
		assertThat(this.throttle.allows(START.plusSeconds(61))).isTrue();
	}

}
