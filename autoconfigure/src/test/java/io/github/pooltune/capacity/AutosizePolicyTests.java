package io.github.pooltune.capacity;

import org.junit.jupiter.api.Test;

import io.github.pooltune.capacity.AutosizeDecision.Direction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The autopilot's rule on its own: inputs in, a decision with its reason out.
 *
 * @author pooltune
 */
class AutosizePolicyTests {

	/** 287 usable less 10 reserved, nobody else connected, one instance, plenty free. */
	private static final FleetShare ROOMY = new FleetShare(277, 0, 1, 0, 15, 250);

	@Test
	void growsToWhatIsAskedForWithHeadroomWhileThreadsWait() {
		AutosizeDecision decision = AutosizePolicy.decide(inputs(15, 5, 15, 25, 0, null, 0, ROOMY));
		assertThat(decision.direction()).isEqualTo(Direction.UP);
		assertThat(decision.to()).isEqualTo(50);
		assertThat(decision.reason()).startsWith("25 threads waiting, 15 of 15 in use; 40 asked for, 50 with 25 % headroom");
	}

	@Test
	void waitsForHikariCpToOpenWhatTheLastRaiseAllowed() {
		FleetShare share = new FleetShare(277, 0, 1, 0, 104, 150);
		AutosizeDecision decision = AutosizePolicy.decide(inputs(250, 20, 104, 95, 0, null, 0, share));
		assertThat(decision.direction()).isEqualTo(Direction.HOLD);
		assertThat(decision.reason()).isEqualTo("95 threads waiting, 104 of 250 in use, while HikariCP opens "
				+ "connections up to the maximum (104 open)");
	}

	@Test
	void growsByOneAtLeastAndOnTimeoutsAlone() {
		AutosizeDecision decision = AutosizePolicy.decide(inputs(15, 5, 3, 0, 2, null, 4, ROOMY));
		assertThat(decision.direction()).isEqualTo(Direction.UP);
		assertThat(decision.to()).isEqualTo(16);
		assertThat(decision.reason()).contains("2 borrows timed out");
	}

	@Test
	void growsToTheSamplersPeakWhenItIsHigherThanNow() {
		Demand demand = Demand.of(30, 6, 3000, 30000, 60, 1);
		AutosizeDecision decision = AutosizePolicy.decide(inputs(15, 5, 15, 1, 0, demand, 0, ROOMY));
		assertThat(decision.to()).isEqualTo(75);
	}

	@Test
	void stopsAtTheShareWhenOtherClientsHoldMostOfTheServer() {
		// (35 budget − 25 held by others) / 1 instance = 10
		FleetShare share = new FleetShare(35, 25, 1, 0, 4, 8);
		AutosizeDecision up = AutosizePolicy.decide(inputs(4, 2, 4, 26, 0, null, 0, share));
		assertThat(up.to()).isEqualTo(10);
		assertThat(up.reason()).contains("held to this instance's share; share 10 = (35 budget − 25 held by other "
				+ "clients) / 1 instance");
		AutosizeDecision atShare = AutosizePolicy.decide(inputs(10, 2, 10, 20, 0, null, 0,
				new FleetShare(35, 25, 1, 0, 10, 2)));
		assertThat(atShare.direction()).isEqualTo(Direction.HOLD);
		assertThat(atShare.reason()).isEqualTo("20 threads waiting, 10 of 10 in use, but the pool is at this "
				+ "instance's share 10 = (35 budget − 25 held by other clients) / 1 instance");
	}

	@Test
	void neverAsksTheServerForMoreSlotsThanItHasFree() {
		// The share would allow 30, but siblings hold their connections now: 3 slots are free.
		FleetShare share = new FleetShare(100, 10, 3, 0, 8, 3);
		AutosizeDecision decision = AutosizePolicy.decide(inputs(8, 2, 8, 40, 0, null, 0, share));
		assertThat(decision.to()).isEqualTo(11);
		assertThat(decision.reason()).contains("held to the server's 3 free slots");
		AutosizeDecision full = AutosizePolicy.decide(inputs(11, 2, 11, 40, 0, null, 0,
				new FleetShare(100, 10, 3, 0, 11, 0)));
		assertThat(full.direction()).isEqualTo(Direction.HOLD);
		assertThat(full.reason()).contains("but the server has 0 free slots beyond the reserve");
	}

	@Test
	void comesDownAtOnceWhenTheShareFallsBelowTheMaximum() {
		// A second instance started: (35 − 5) / 2 = 15.
		FleetShare share = new FleetShare(35, 5, 2, 0, 25, 0);
		AutosizeDecision decision = AutosizePolicy.decide(inputs(25, 2, 25, 10, 0, null, 0, share));
		assertThat(decision.direction()).isEqualTo(Direction.DOWN);
		assertThat(decision.to()).isEqualTo(15);
		assertThat(decision.closeExcess()).isTrue();
		assertThat(decision.reason()).startsWith("above this instance's share 15 = (35 budget − 5 held by other "
				+ "clients) / 2 instances");
	}

	@Test
	void keepsTheConnectionsAboveTheShareWhileTheServerHasRoomForThem() {
		// A third instance connected: the share is 92, the pool holds 138, 120 slots are free.
		FleetShare share = new FleetShare(287, 10, 3, 0, 138, 120);
		AutosizeDecision decision = AutosizePolicy.decide(inputs(138, 20, 100, 0, 0, null, 0, share));
		assertThat(decision.to()).isEqualTo(92);
		assertThat(decision.closeExcess()).isFalse();
	}

	@Test
	void neverBelowPoolSizeEvenWhenTheShareIs() {
		FleetShare share = new FleetShare(35, 33, 1, 0, 5, 0);
		AutosizeDecision decision = AutosizePolicy.decide(inputs(8, 5, 3, 0, 0, null, 0, share));
		assertThat(decision.to()).isEqualTo(5);
		assertThat(decision.ceiling()).isEqualTo(5);
		assertThat(decision.reason()).endsWith("held at pool-size 5, the floor");
	}

	@Test
	void shrinksOnlyAfterAQuietSpellToThePeakWithHeadroom() {
		Demand demand = Demand.of(45, 9, 900, 9000, 8, 0.5);
		assertThat(AutosizePolicy.decide(inputs(50, 5, 4, 0, 0, demand, 0, ROOMY)).direction())
			.isEqualTo(Direction.HOLD);
		AutosizeDecision second = AutosizePolicy.decide(inputs(50, 5, 4, 0, 0, demand, 1, ROOMY));
		assertThat(second.direction()).isEqualTo(Direction.HOLD);
		assertThat(second.reason()).isEqualTo("no thread waited for 2 of 3 decisions");
		AutosizeDecision third = AutosizePolicy.decide(inputs(50, 5, 4, 0, 0, demand, 2, ROOMY));
		assertThat(third.direction()).isEqualTo(Direction.DOWN);
		assertThat(third.to()).isEqualTo(10);
		assertThat(third.reason()).isEqualTo("no thread waited for 3 decisions, peak 8 in use, 0.2 on average, "
				+ "10 with 25 % headroom");
	}

	@Test
	void shrinksToPoolSizeWhenIdle() {
		AutosizeDecision decision = AutosizePolicy.decide(inputs(50, 5, 0, 0, 0, Demand.of(45, 9, 0, 0, 0, 0), 2,
				ROOMY));
		assertThat(decision.to()).isEqualTo(5);
		assertThat(decision.reason()).endsWith("down to pool-size");
	}

	@Test
	void doesNotFlapOverSmallDifferences() {
		// The peak with headroom is 19: within a tenth of 20, so the maximum stays.
		Demand demand = Demand.of(45, 9, 900, 9000, 15, 0.5);
		AutosizeDecision decision = AutosizePolicy.decide(inputs(20, 5, 10, 0, 0, demand, 5, ROOMY));
		assertThat(decision.direction()).isEqualTo(Direction.HOLD);
		assertThat(decision.reason()).endsWith(": the maximum fits the demand");
		// Grown to what the waits asked for, the next decision sees no wait and holds.
		AutosizeDecision grown = AutosizePolicy.decide(inputs(15, 5, 15, 10, 0, null, 0, ROOMY));
		AutosizeDecision after = AutosizePolicy.decide(inputs(grown.to(), 5, 25, 0, 0, null, 0, ROOMY));
		assertThat(after.direction()).isEqualTo(Direction.HOLD);
	}

	@Test
	void holdsWhenTheServerCouldNotBeRead() {
		AutosizeDecision decision = AutosizePolicy.decide(inputs(15, 5, 15, 30, 0, null, 0, null));
		assertThat(decision.direction()).isEqualTo(Direction.HOLD);
		assertThat(decision.ceiling()).isEqualTo(-1);
		assertThat(decision.reason()).contains("could not be read");
	}

	@Test
	void theShareCountsTheInstancesAndThisInstancesOtherPools() {
		FleetShare share = new FleetShare(277, 17, 4, 15, 10, 200);
		assertThat(share.perInstance()).isEqualTo(65);
		assertThat(share.ceiling()).isEqualTo(50);
		assertThat(share.describe()).isEqualTo("share 50 = (277 budget − 17 held by other clients) / 4 instances − 15 "
				+ "for this instance's other pools");
	}

	private static AutosizeInputs inputs(int maximum, int poolSize, int checkedOut, int waiting, long timeouts,
			Demand demand, int quietBefore, FleetShare share) {
		return new AutosizeInputs(maximum, poolSize, checkedOut, waiting, timeouts, demand, quietBefore, share);
	}

}
