package io.github.pooltune.autoconfigure.capacity;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.metrics.PoolMetricsAutoConfiguration;
import io.github.pooltune.capacity.Demand;
import io.github.pooltune.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demand measured on a real pool under a known load, and the sizes it recommends.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class DemandSamplerTests {

	private static final TestDatabase database = TestDatabase.get();

	private static final int WORKERS = 4;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				PoolMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				CapacityAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties())
		.withPropertyValues("db.pool-size=1", "db.max-overflow=5");

	@Test
	void littlesLawOnALoadThatKeepsFourConnectionsBusyRecommendsFiveAndHintsOnce(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DemandSampler.class);
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			DemandSampler sampler = new DemandSampler(Map.of("dataSource", pool),
					context.getBeanProvider(MeterRegistry.class), Duration.ofMillis(50), Duration.ofMinutes(1));
			pool.getConnection().close();
			ScheduledExecutorService every50ms = Executors.newSingleThreadScheduledExecutor();
			every50ms.scheduleWithFixedDelay(sampler::sample, 50, 50, TimeUnit.MILLISECONDS);
			try {
				runLoad(pool, Duration.ofSeconds(3));
			}
			finally {
				every50ms.shutdownNow();
				every50ms.awaitTermination(5, TimeUnit.SECONDS);
			}
			Demand demand = sampler.demand("dataSource");
			assertThat(demand.samples()).isGreaterThan(DemandSampler.HINT_MIN_SAMPLES);
			assertThat(demand.windowSeconds()).isBetween(2.0, 4.0);
			assertThat(demand.borrows()).isGreaterThan(50);
			assertThat(demand.meanLeaseMillis()).isGreaterThanOrEqualTo(20.0);
			// Four workers that hold a connection almost all the time.
			assertThat(demand.meanInUse()).isBetween(2.5, 4.5);
			assertThat(demand.peakDemand()).isBetween(3, WORKERS);
			assertThat(demand.overflowShare()).isGreaterThan(0.5);
			assertThat(demand.recommendedPoolSize()).isEqualTo((int) Math.ceil(demand.meanInUse() * 1.25));
			assertThat(demand.recommendedMaxOverflow())
				.isEqualTo(Math.max(0, (int) Math.ceil(demand.peakDemand() * 1.25) - demand.recommendedPoolSize()));
			assertThat(output).containsOnlyOnce("Pool 'dataSource' used overflow connections in ")
				.contains("increase DB_POOL_SIZE to " + demand.recommendedPoolSize());
		});
	}

	@Test
	void anIdlePoolNeedsOneConnectionAndGetsNoHint(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			pool.getConnection().close();
			DemandSampler sampler = new DemandSampler(Map.of("dataSource", pool),
					context.getBeanProvider(MeterRegistry.class), Duration.ofMillis(20), Duration.ofMinutes(1));
			for (int i = 0; i < 20; i++) {
				sampler.sample();
			}
			Demand demand = sampler.demand("dataSource");
			assertThat(demand.borrows()).isZero();
			assertThat(demand.recommendedPoolSize()).isEqualTo(1);
			assertThat(demand.recommendedMaxOverflow()).isZero();
			assertThat(output).doesNotContain("used overflow connections");
		});
	}

	private static void runLoad(HikariDataSource pool, Duration duration) throws Exception {
		ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
		long end = System.nanoTime() + duration.toNanos();
		List<Future<?>> running = new ArrayList<>();
		for (int i = 0; i < WORKERS; i++) {
			running.add(workers.submit(() -> {
				while (System.nanoTime() < end) {
					try (Connection connection = pool.getConnection();
							Statement statement = connection.createStatement()) {
						statement.execute("select pg_sleep(0.02)");
					}
				}
				return null;
			}));
		}
		for (Future<?> worker : running) {
			worker.get(30, TimeUnit.SECONDS);
		}
		workers.shutdown();
	}

}
