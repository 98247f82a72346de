package io.github.pooltune.pool;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import org.junit.jupiter.api.Test;

import io.github.pooltune.autoconfigure.TestPools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * pooltune's own borrows against a real pool whose only connection the test holds: HikariCP
 * counts them among its waiting threads, the pool's snapshot does not.
 *
 * @author pooltune
 */
class ShortBorrowTests {

	@Test
	void aCheckQueueingOnABusyPoolIsNotShownAsAWaitingThread() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try (HikariDataSource dataSource = TestPools.unstarted()) {
			dataSource.setMaximumPoolSize(1);
			dataSource.setConnectionTimeout(10_000);
			Connection held = dataSource.getConnection();
			HikariPool pool = (HikariPool) dataSource.getHikariPoolMXBean();
			CompletableFuture<Void> check = CompletableFuture.runAsync(() -> closeQuietly(borrow(pool)), threads);
			await().atMost(5, TimeUnit.SECONDS).until(() -> pool.getThreadsAwaitingConnection() == 1);
			assertThat(ShortBorrow.inProgress(pool)).isEqualTo(1);
			assertThat(PoolSnapshot.of(dataSource).waiting()).isZero();

			CompletableFuture<Void> request = CompletableFuture.runAsync(() -> closeQuietly(borrow(dataSource)),
					threads);
			await().atMost(5, TimeUnit.SECONDS).until(() -> pool.getThreadsAwaitingConnection() == 2);
			assertThat(PoolSnapshot.of(dataSource).waiting()).isEqualTo(1);

			held.close();
			CompletableFuture.allOf(check, request).get(10, TimeUnit.SECONDS);
			assertThat(ShortBorrow.inProgress(pool)).isZero();
			assertThat(PoolSnapshot.of(dataSource).waiting()).isZero();
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static Connection borrow(HikariPool pool) {
		try {
			return ShortBorrow.of(pool, 5_000);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Connection borrow(HikariDataSource dataSource) {
		try {
			return dataSource.getConnection();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
