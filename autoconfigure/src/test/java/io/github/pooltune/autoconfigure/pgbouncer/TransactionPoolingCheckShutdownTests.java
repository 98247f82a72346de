package io.github.pooltune.autoconfigure.pgbouncer;

import java.sql.Connection;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.PooltuneScheduler;
import io.github.pooltune.test.TestDatabase;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The PgBouncer check of a pool whose connections are all in use waits for one like any
 * borrow; when the application stops meanwhile, the check ends with the scheduler and
 * says nothing: the interrupt is the shutdown, not a failure to report.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class TransactionPoolingCheckShutdownTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				PgBouncerAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(), "db.pool-size=1", "db.max-overflow=0",
				"db.pool-timeout=30", "db.pgbouncer=auto");

	@Test
	void aCheckWaitingForAConnectionWhenTheApplicationStopsLogsNothing(CapturedOutput output) throws Exception {
		this.contextRunner.run((context) -> {
			HikariDataSource pool = context.getBean(HikariDataSource.class);
			try (Connection held = pool.getConnection()) {
				context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0],
						context.getSourceApplicationContext(), Duration.ZERO));
				// The check runs a second after ready, and waits behind the held connection.
				await().atMost(Duration.ofSeconds(10))
					.until(() -> pool.getHikariPoolMXBean().getThreadsAwaitingConnection() == 1);
				// What closing the context does first: the checks stop before the pools close.
				context.getBean(PooltuneScheduler.class).stop();
				await().atMost(Duration.ofSeconds(5))
					.until(() -> pool.getHikariPoolMXBean().getThreadsAwaitingConnection() == 0);
				assertThat(context.getBean(TransactionPoolingCheck.class).findings()).isEmpty();
			}
		});
		assertThat(output).doesNotContain("Could not check whether pool").doesNotContain("Interrupted");
	}

}
