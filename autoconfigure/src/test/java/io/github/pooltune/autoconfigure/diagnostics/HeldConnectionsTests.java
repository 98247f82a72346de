package io.github.pooltune.autoconfigure.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-thread count of held connections, driven through HikariCP's callbacks as
 * HikariCP calls them: a borrow on the borrowing thread, a return on the closing one.
 *
 * @author pooltune
 */
class HeldConnectionsTests {

	private final HikariDataSource unstarted = unstarted("test");

	private final PoolDeadlocks deadlocks = new PoolDeadlocks();

	private final HeldConnections held = new HeldConnections(
			new DeadlockWarning(this.unstarted, () -> "test", new LeakRegistry(), this.deadlocks, null));

	private final ExecutorService other = Executors.newSingleThreadExecutor();

	private static HikariDataSource unstarted(String poolName) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setPoolName(poolName);
		return dataSource;
	}

	@AfterEach
	void stop() {
		this.other.shutdownNow();
		this.unstarted.close();
	}

	@Test
	void nestedBorrowsOnOneThreadAreCountedAndGivenBack() {
		borrow();
		borrow();
		assertThat(this.held.heldByThisThread()).isEqualTo(2);
		giveBack();
		assertThat(this.held.heldByThisThread()).isEqualTo(1);
		giveBack();
		assertThat(this.held.heldByThisThread()).isZero();
	}

	@Test
	void aBorrowThatTimedOutHoldsNothing() {
		// HikariCP records a timed-out borrow's wait as an acquisition, then the timeout.
		borrow();
		this.held.recordConnectionTimeout();
		assertThat(this.held.heldByThisThread()).isZero();
		borrow();
		borrow();
		this.held.recordConnectionTimeout();
		assertThat(this.held.heldByThisThread()).isEqualTo(1);
		assertThat(this.deadlocks.of("test")).satisfies((seen) -> {
			assertThat(seen.count()).isEqualTo(1);
			assertThat(seen.last().connectionsHeld()).isEqualTo(1);
		});
	}

	@Test
	void aConnectionClosedOnAnotherThreadCountsForNeither() throws Exception {
		borrow();
		on(this.other, () -> {
			giveBack();
			return this.held.heldByThisThread();
		});
		assertThat(this.held.heldByThisThread()).as("the borrower, after its connection was closed elsewhere").isZero();
		assertThat(on(this.other, () -> {
			borrow();
			return this.held.heldByThisThread();
		})).as("the thread that closed it, on its next borrow").isEqualTo(1);
		borrow();
		borrow();
		assertThat(this.held.heldByThisThread()).as("the borrower counts afresh").isEqualTo(2);
	}

	@Test
	void connectionsHandedBetweenThreadsLeaveNoCountBehind() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<Integer>> rounds = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				rounds.add(pool.submit(() -> {
					boolean handOff = ThreadLocalRandom.current().nextInt(3) == 0;
					borrow();
					borrow();
					giveBack();
					if (handOff) {
						// The second connection is closed by another thread of the pool.
						this.other.submit(this::giveBack).get();
					}
					else {
						giveBack();
					}
					return this.held.heldByThisThread();
				}));
			}
			for (Future<Integer> round : rounds) {
				assertThat(round.get()).isZero();
			}
			for (int i = 0; i < 4; i++) {
				assertThat(pool.submit(this.held::heldByThisThread).get()).isZero();
			}
			assertThat(on(this.other, this.held::heldByThisThread)).isZero();
		}
		finally {
			pool.shutdownNow();
		}
	}

	private void borrow() {
		this.held.recordConnectionAcquiredNanos(1_000);
	}

	private void giveBack() {
		this.held.recordConnectionUsageMillis(1);
	}

	private static <T> T on(ExecutorService thread, Callable<T> task) throws Exception {
		return thread.submit(task).get();
	}

}
