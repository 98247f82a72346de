package io.github.pooltune.autoconfigure.autosize;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.ServiceInstances;
import io.github.pooltune.autoconfigure.capacity.CapacityAutoConfiguration;
import io.github.pooltune.autoconfigure.endpoint.AutosizeSectionAccess;
import io.github.pooltune.autoconfigure.endpoint.PooltuneEndpointAutoConfiguration;
import io.github.pooltune.autoconfigure.hikari.PoolTunings;
import io.github.pooltune.autoconfigure.metrics.PoolMetricsAutoConfiguration;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.Setting;
import io.github.pooltune.capacity.AutosizeDecision.Direction;
import io.github.pooltune.pool.PoolSnapshot;
import io.github.pooltune.test.RestartablePostgres;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The autopilot against a PostgreSQL of the test's own with {@code max_connections = 40}
 * (37 usable, 3 kept for superusers), {@code db.reserved-connections=4}: a budget of 33.
 * Worker threads borrow, run a 50 ms statement and return in a loop, more of them than
 * the pool holds, so that the others wait; other clients are plain JDBC connections
 * opened by the test, outside any pool. Decisions every 2 s; every outcome is waited for.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class AutopilotTests {

	private static final Duration WAIT = Duration.ofSeconds(40);

	private static final String TOO_MANY = "too many clients";

	private static RestartablePostgres server;

	private final ServiceInstances instances = new ServiceInstances("autosize", server);

	private final List<Load> loads = new ArrayList<>();

	private final List<Connection> otherClients = new ArrayList<>();

	@BeforeAll
	static void startServer() throws Exception {
		server = RestartablePostgres.start(Map.of("max_connections", "40"));
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@AfterEach
	void stopAll() throws SQLException {
		this.loads.forEach(Load::stop);
		this.instances.close();
		for (Connection connection : this.otherClients) {
			connection.close();
		}
	}

	@Test
	void growsUnderWaitsAndShrinksWhenIdle(CapturedOutput output) {
		ConfigurableApplicationContext instance = start("on");
		HikariDataSource pool = instance.getBean(HikariDataSource.class);
		Load load = load(pool, 16);
		await().atMost(WAIT).until(() -> pool.getMaximumPoolSize() >= 16);
		assertThat(output.getOut()).contains("Pool 'dataSource' maximum 4 → ").containsPattern("threads waiting, (\\d+ borrows? timed out, )?4 of 4 in use");
		// HikariCP opened the connections the waiting threads asked for.
		await().atMost(WAIT).until(() -> PoolSnapshot.of(pool).totalConnections() > 4);
		assertThat(gauge(instance)).isEqualTo(pool.getMaximumPoolSize());
		assertThat(changes(instance, Direction.UP)).isPositive();
		AutosizeSectionAccess.Described grown = AutosizeSectionAccess.of(instance, "dataSource");
		assertThat(grown.mode()).isEqualTo("on");
		assertThat(grown.lastChange().decision().direction()).isEqualTo(Direction.UP);
		assertThat(grown.lastChange().applied()).isTrue();
		System.out.println("Grown: " + grown.json());

		load.stop();
		await().atMost(WAIT).until(() -> pool.getMaximumPoolSize() == 2);
		assertThat(changes(instance, Direction.DOWN)).isPositive();
		assertThat(gauge(instance)).isEqualTo(2);
		AutosizeSectionAccess.Described idle = AutosizeSectionAccess.of(instance, "dataSource");
		assertThat(idle.lastChange().decision().reason()).matches("no thread waited for [3-9] decisions, .*");
		assertThat(load.refusals()).isEmpty();
		assertThat(output.getOut()).doesNotContain(TOO_MANY);
	}

	@Test
	void adviseOnlySaysWhatItWouldDo(CapturedOutput output) {
		ConfigurableApplicationContext instance = start("advise");
		HikariDataSource pool = instance.getBean(HikariDataSource.class);
		load(pool, 12);
		String advice = "Pool 'dataSource' (autosize advise) would change the maximum 4 → ";
		await().atMost(WAIT).until(() -> output.getOut().contains(advice));
		assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
		assertThat(AutosizeSectionAccess.of(instance, "dataSource").lastChange().applied()).isFalse();
	}

	@Test
	void stopsAtTheShareWhenOtherClientsHoldMostOfTheServer(CapturedOutput output) throws SQLException {
		// (33 budget − 23 held by others) / 1 instance = 10.
		openOtherClients(23);
		ConfigurableApplicationContext instance = start("on");
		HikariDataSource pool = instance.getBean(HikariDataSource.class);
		Load load = load(pool, 30);
		String atShare = "but the pool is at this instance's share 10 = (33 budget − 23 held by other clients) / 1 "
				+ "instance";
		await().atMost(WAIT).until(() -> output.getOut().contains("Pool 'dataSource' maximum 4 → 10 (autosize)"));
		await().atMost(WAIT).until(() -> reasonOfLast(instance).contains(atShare));
		assertThat(pool.getMaximumPoolSize()).isEqualTo(10);
		assertThat(PoolSnapshot.of(pool).totalConnections()).isLessThanOrEqualTo(10);
		// The settings show the new maximum as max-overflow from the autopilot, as a change through the endpoint would.
		PoolSettings settings = instance.getBean(PoolTunings.class).get("dataSource").settings();
		assertThat(settings.value(Setting.POOL_SIZE) + settings.value(Setting.MAX_OVERFLOW)).isEqualTo(10);
		assertThat(settings.get(Setting.MAX_OVERFLOW).source()).isEqualTo(Autopilot.SOURCE);

		// Others take two more slots: the share falls to 8 and the pool gives two back at once.
		openOtherClients(2);
		await().atMost(WAIT).until(() -> pool.getMaximumPoolSize() == 8);
		assertThat(output.getOut()).contains("Pool 'dataSource' maximum 10 → 8 (autosize): above this instance's "
				+ "share 8 = (33 budget − 25 held by other clients) / 1 instance");
		await().atMost(WAIT).until(() -> PoolSnapshot.of(pool).totalConnections() <= 8);
		openOtherClients(1);
		assertThat(load.refusals()).isEmpty();
		assertThat(output.getOut()).doesNotContain(TOO_MANY);
	}

	@Test
	void twoInstancesNeverCrossMaxConnections(CapturedOutput output) throws SQLException {
		openOtherClients(5);
		ConfigurableApplicationContext first = start("on");
		HikariDataSource firstPool = first.getBean(HikariDataSource.class);
		Load firstLoad = load(firstPool, 30);
		// Alone, it may take the whole budget left by the others: 33 − 5 = 28.
		await().atMost(WAIT).until(() -> firstPool.getMaximumPoolSize() == 28);
		await().atMost(WAIT).until(() -> PoolSnapshot.of(firstPool).totalConnections() == 28);

		ConfigurableApplicationContext second = start("on");
		HikariDataSource secondPool = second.getBean(HikariDataSource.class);
		Load secondLoad = load(secondPool, 30);
		// Each instance's share is (33 − 5) / 2 = 14: the first gives back, the second grows into it.
		await().atMost(WAIT).until(() -> firstPool.getMaximumPoolSize() == 14 && secondPool.getMaximumPoolSize() == 14);
		assertThat(output.getOut()).contains("above this instance's share 14 = (33 budget − 5 held by other clients) "
				+ "/ 2 instances");
		await().atMost(WAIT).until(() -> PoolSnapshot.of(firstPool).totalConnections() <= 14
				&& PoolSnapshot.of(secondPool).totalConnections() <= 14);
		assertThat(firstLoad.refusals()).isEmpty();
		assertThat(secondLoad.refusals()).isEmpty();
		assertThat(output.getOut()).doesNotContain(TOO_MANY);
		System.out.println("The first instance: " + AutosizeSectionAccess.of(first, "dataSource").json());
	}

	private ConfigurableApplicationContext start(String mode) {
		return this.instances.start(AutosizeApplication.class, Map.of("db.pool-size", "2", "db.max-overflow", "2",
				"db.pool-timeout", "10", "db.reserved-connections", "4", "db.pool-autosize", mode,
				"db.pool-autosize-interval", "2s", "management.endpoints.web.exposure.include", "pooltune"));
	}

	private Load load(HikariDataSource pool, int threads) {
		Load load = new Load(pool, threads);
		this.loads.add(load);
		return load;
	}

	private void openOtherClients(int count) throws SQLException {
		for (int i = 0; i < count; i++) {
			this.otherClients.add(server.connect());
		}
	}

	private static String reasonOfLast(ConfigurableApplicationContext instance) {
		AutosizeRecord last = instance.getBean(Autopilot.class).last("dataSource");
		return (last != null) ? last.decision().reason() : "";
	}

	private static double gauge(ConfigurableApplicationContext instance) {
		return instance.getBean(MeterRegistry.class)
			.get(AutosizeMeters.MAXIMUM)
			.tag("pool", "dataSource")
			.gauge()
			.value();
	}

	private static double changes(ConfigurableApplicationContext instance, Direction direction) {
		return instance.getBean(MeterRegistry.class)
			.get(AutosizeMeters.CHANGES)
			.tag("pool", "dataSource")
			.tag("direction", direction.value())
			.functionCounter()
			.count();
	}

	/** Threads that borrow, hold a connection for a 50 ms statement and return it, until stopped. */
	static final class Load {

		private final ExecutorService threads;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final ConcurrentLinkedQueue<SQLException> refusals = new ConcurrentLinkedQueue<>();

		Load(HikariDataSource pool, int threads) {
			this.threads = Executors.newFixedThreadPool(threads);
			for (int i = 0; i < threads; i++) {
				this.threads.execute(() -> {
					while (this.running.get()) {
						try (Connection connection = pool.getConnection();
								Statement statement = connection.createStatement()) {
							statement.execute("select pg_sleep(0.05)");
						}
						catch (SQLException ex) {
							if ("53300".equals(ex.getSQLState()) || String.valueOf(ex.getMessage()).contains(TOO_MANY)) {
								this.refusals.add(ex);
							}
						}
					}
				});
			}
		}

		List<SQLException> refusals() {
			return List.copyOf(this.refusals);
		}

		void stop() {
			this.running.set(false);
			this.threads.shutdown();
			try {
				this.threads.awaitTermination(15, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
			PoolMetricsAutoConfiguration.class, CapacityAutoConfiguration.class, AutosizeAutoConfiguration.class,
			PooltuneEndpointAutoConfiguration.class })
	static class AutosizeApplication {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
