package io.github.pooltune.benchmarks;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.test.TestDatabase;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Start-up of a minimal service on pooltune's starter (JDBC, HikariCP, actuator,
 * Micrometer with Prometheus; no web server), with all of pooltune's auto-configurations
 * and without them ({@code spring.autoconfigure.exclude}), from
 * {@code SpringApplication.run} up to its first borrowed connection. Each measured start
 * is in a JVM that has already started the service a few times.
 *
 * @author pooltune
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 30)
@Fork(3)
public class StartupBenchmark {

	/**
	 * {@code with}, {@code without}, or {@code with-login-timeout-0}: with pooltune but
	 * pgjdbc's {@code loginTimeout} set to 0, which shows what the login timeout pooltune
	 * sets costs (pgjdbc opens each connection on a thread of its own while it is above 0).
	 */
	@Param({ "with", "without", "with-login-timeout-0" })
	public String pooltune;

	private String extra;

	private TestDatabase database;

	private String exclude;

	private ConfigurableApplicationContext context;

	@Setup(Level.Trial)
	public void findDatabase() {
		this.database = TestDatabase.get();
		this.exclude = switch (this.pooltune) {
			case "with", "with-login-timeout-0" -> "";
			case "without" -> String.join(",", pooltuneAutoConfigurations());
			default -> throw new IllegalArgumentException(
					"pooltune: with, without or with-login-timeout-0, not " + this.pooltune);
		};
		// What the user sets on the data source wins over pooltune's driver properties.
		this.extra = this.pooltune.equals("with-login-timeout-0")
				? "spring.datasource.hikari.data-source-properties.loginTimeout=0" : "db.enabled=true";
	}

	/** Every auto-configuration pooltune registers, as Spring Boot finds them. */
	static Iterable<String> pooltuneAutoConfigurations() {
		return ImportCandidates.load(AutoConfiguration.class, StartupBenchmark.class.getClassLoader())
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("io.github.pooltune."))
			.toList();
	}

	@Benchmark
	public ConfigurableApplicationContext startUpToFirstConnection() throws SQLException {
		this.context = startUpToFirstConnection(this.database, "spring.autoconfigure.exclude=" + this.exclude,
				this.extra);
		return this.context;
	}

	/** Starts the service on the database with these properties as well, and borrows its first connection. */
	static ConfigurableApplicationContext startUpToFirstConnection(TestDatabase database, String... properties)
			throws SQLException {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Service.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.properties("spring.datasource.url=" + database.jdbcUrl(),
					"spring.datasource.username=" + database.username(),
					"spring.datasource.password=" + database.password(), "db.pool-size=" + PlainPool.SIZE,
					"db.max-overflow=0")
			.properties(properties)
			.run();
		context.getBean(DataSource.class).getConnection().close();
		return context;
	}

	/**
	 * Checks that pooltune ran, or did not, and closes the context. pooltune's background
	 * checks run a second after the application is ready at the earliest, and closing the
	 * context stops their scheduler, so none of them runs into the next start.
	 */
	@TearDown(Level.Invocation)
	public void stop() {
		try {
			boolean tuned = this.context.getBeanNamesForType(PoolSettings.class).length > 0;
			if (tuned == this.pooltune.equals("without")) {
				throw new IllegalStateException("pooltune " + (tuned ? "ran" : "did not run") + " in the start-up "
						+ this.pooltune + " pooltune");
			}
		}
		finally {
			this.context.close();
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Service {

	}

}
