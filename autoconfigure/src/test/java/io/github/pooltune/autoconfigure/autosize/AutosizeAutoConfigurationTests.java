package io.github.pooltune.autoconfigure.autosize;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.capacity.CapacityAutoConfiguration;
import io.github.pooltune.autoconfigure.metrics.PoolMetricsAutoConfiguration;
import io.github.pooltune.autoconfigure.settings.AutosizeMode;
import io.github.pooltune.capacity.AutosizeDecision.Direction;
import io.github.pooltune.test.TestDatabase;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The autopilot's auto-configuration: off by default, on for the pools that ask, a
 * decision on the shared server, its meters.
 *
 * @author pooltune
 */
class AutosizeAutoConfigurationTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				PoolMetricsAutoConfiguration.class, CapacityAutoConfiguration.class, AutosizeAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues(database.springDatasourceProperties())
		.withPropertyValues("db.capacity-check=off");

	@Test
	void offByDefault() {
		this.contextRunner.run((context) -> {
			Autopilot autopilot = context.getBean(Autopilot.class);
			assertThat(autopilot.mode("dataSource")).isEqualTo(AutosizeMode.OFF);
			assertThat(autopilot.autosized()).isEmpty();
			assertThat(autopilot.interval()).isEqualTo(Duration.ofSeconds(15));
			try (Connection connection = context.getBean(HikariDataSource.class).getConnection()) {
				assertThat(context.getBean(MeterRegistry.class).find(AutosizeMeters.MAXIMUM).gauge()).isNull();
			}
		});
	}

	@Test
	void aDecisionOnAnIdlePoolHoldsAndItsMetersAreThere() {
		this.contextRunner.withPropertyValues("db.pool-autosize=on", "db.pool-autosize-interval=3s").run((context) -> {
			Autopilot autopilot = context.getBean(Autopilot.class);
			assertThat(autopilot.autosized()).containsExactly("dataSource");
			assertThat(autopilot.interval()).isEqualTo(Duration.ofSeconds(3));
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			try (Connection connection = pool.getConnection()) {
				assertThat(connection.isValid(1)).isTrue();
			}
			AutosizeRecord record = autopilot.decide("dataSource", pool, AutosizeMode.ON);
			// The first decision of a quiet pool: nothing to change yet, the share read from the server.
			assertThat(record.decision().direction()).isEqualTo(Direction.HOLD);
			assertThat(record.decision().ceiling()).isGreaterThanOrEqualTo(5);
			assertThat(record.decision().reason()).isEqualTo("no thread waited for 1 of 3 decisions");
			assertThat(pool.getMaximumPoolSize()).isEqualTo(15);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(AutosizeMeters.MAXIMUM).tag("pool", "dataSource").gauge().value()).isEqualTo(15);
			assertThat(registry.get(AutosizeMeters.CHANGES).tag("direction", "up").functionCounter().count()).isZero();
		});
	}


	@Test
	void theReadOfTheServerQueuesWithTheApplicationsRequestsForOneInterval() {
		this.contextRunner
			.withPropertyValues("db.pool-autosize=on", "db.pool-autosize-interval=3s", "db.pool-size=1",
					"db.max-overflow=0")
			.run((context) -> {
				Autopilot autopilot = context.getBean(Autopilot.class);
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				// The only connection comes back after 1.5 s: longer than a second, within the interval.
				Decided read = decideWhileHeld(autopilot, pool, Duration.ofMillis(1500));
				assertThat(read.record().decision().ceiling()).isPositive();
				// Held past the interval: the decision holds after one interval, not the pool's 30 s.
				Decided unread = decideWhileHeld(autopilot, pool, Duration.ofSeconds(6));
				assertThat(unread.took()).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));
				assertThat(unread.record().decision().ceiling()).isEqualTo(-1);
				assertThat(unread.record().decision().reason()).contains("could not be read");
			});
	}

	private static Decided decideWhileHeld(Autopilot autopilot, HikariDataSource pool, Duration hold)
			throws Exception {
		CountDownLatch held = new CountDownLatch(1);
		Thread holder = new Thread(() -> {
			try (Connection connection = pool.getConnection()) {
				held.countDown();
				Thread.sleep(hold.toMillis());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		holder.start();
		held.await();
		try {
			long start = System.nanoTime();
			AutosizeRecord record = autopilot.decide("dataSource", pool, AutosizeMode.ON);
			return new Decided(record, Duration.ofNanos(System.nanoTime() - start));
		}
		finally {
			holder.join();
		}
	}

	private record Decided(AutosizeRecord record, Duration took) {

	}

}
