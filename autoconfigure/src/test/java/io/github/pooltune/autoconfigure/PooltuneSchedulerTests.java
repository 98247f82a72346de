package io.github.pooltune.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.pooltune.autoconfigure.capacity.CapacityCheck;
import io.github.pooltune.autoconfigure.capacity.DemandSampler;
import io.github.pooltune.autoconfigure.pgbouncer.TransactionPoolingCheck;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one scheduler of pooltune's background checks: nothing runs before the application
 * is ready, a failing run does not end its schedule, and closing the context leaves no
 * pooltune thread behind.
 *
 * @author pooltune
 */
class PooltuneSchedulerTests {

	private static final TestDatabase database = TestDatabase.get();

	@Test
	void runsEachChecksTasksOnlyOnceTheApplicationIsReadyAndGoesOnAfterAFailure() {
		List<String> runs = new CopyOnWriteArrayList<>();
		AtomicInteger failing = new AtomicInteger();
		BackgroundCheck check = (scheduler) -> {
			scheduler.everyAfterReady("failing", Duration.ZERO, Duration.ofMillis(20), () -> {
				failing.incrementAndGet();
				throw new IllegalStateException("this run fails");
			});
			scheduler.onceReady("once", () -> runs.add("once"));
		};
		PooltuneScheduler scheduler = new PooltuneScheduler(List.of(check));
		scheduler.start();
		try {
			assertThat(scheduler.isRunning()).isTrue();
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> failing.get() == 0);
			GenericApplicationContext context = new GenericApplicationContext();
			scheduler.onApplicationEvent(
					new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
			await().atMost(Duration.ofSeconds(5)).until(() -> failing.get() >= 3);
			await().atMost(Duration.ofSeconds(5)).until(() -> runs.equals(List.of("once")));
		}
		finally {
			scheduler.stop();
		}
		assertThat(scheduler.isRunning()).isFalse();
		int afterStop = failing.get();
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> failing.get() == afterStop);
	}

	@Test
	void everyCheckRunsOnTheSchedulerAndNoPooltuneThreadOutlivesTheContext() {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("spring.datasource.url", database.jdbcUrl(),
				"spring.datasource.username", database.username(), "spring.datasource.password", database.password(),
				"spring.flyway.enabled", "false"));
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.getBeansOfType(PooltuneScheduler.class)).hasSize(1);
			assertThat(context.getBeansOfType(BackgroundCheck.class)).containsOnlyKeys("pooltuneCapacityCheck",
					"pooltuneDemandSampler", "pooltuneTransactionPoolingCheck", "pooltuneDiagnosticsChecks",
					"pooltuneIdleHolderCheck", "pooltuneServerSwitchCheck", "pooltuneAutopilot");
			assertThat(context.getBean(DemandSampler.class)).isNotNull();
			// The capacity check and the PgBouncer probe run a second after ready.
			await().atMost(Duration.ofSeconds(20))
				.until(() -> context.getBean(CapacityCheck.class).reports().containsKey("dataSource")
						&& context.getBean(TransactionPoolingCheck.class).findings().containsKey("dataSource"));
			assertThat(pooltuneThreads()).isNotEmpty().allMatch((name) -> name.matches("pooltune-\\d+"));
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(pooltuneThreads()).isEmpty());
	}

	private static List<String> pooltuneThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith("pooltune-"))
			.filter((name) -> !name.startsWith("pooltune-test"))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MinimalApplication {

	}

}
