package io.github.pooltune.autoconfigure.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.hikari.PoolTuning;
import io.github.pooltune.autoconfigure.hikari.PoolTunings;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every pool-level setting of a {@code db.pools.<bean-name>.*} section spelt as a real
 * environment variable ({@code DB_POOLS_REPORTING_MAX_OVERFLOW}, with the underscores
 * inside the key) in a JVM of its own, next to Spring Boot's pool with {@code DB_*}: each
 * reaches its pool and says it came from that variable; a bean named in camel case is
 * found from its upper-case variable; Spring Boot's pool keeps {@code db.*}.
 *
 * @author pooltune
 */
class PoolSectionEnvironmentVariablesTests {

	private static final TestDatabase database = TestDatabase.get();

	private static final String RESULT = "pooltune-result ";

	/** A value for every pool-level setting, consistent with each other. */
	private static final Map<Setting<?>, String> REPORTING = new LinkedHashMap<>();

	private static Map<String, String> results;

	static {
		REPORTING.put(Setting.POOL_SIZE, "2");
		REPORTING.put(Setting.MAX_OVERFLOW, "1");
		REPORTING.put(Setting.POOL_TIMEOUT, "4");
		REPORTING.put(Setting.POOL_RECYCLE, "600");
		REPORTING.put(Setting.POOL_PRE_PING, "false");
		REPORTING.put(Setting.POOL_KEEPALIVE, "60");
		REPORTING.put(Setting.POOL_LEAK_THRESHOLD, "30");
		REPORTING.put(Setting.CONNECT_TIMEOUT, "3");
		REPORTING.put(Setting.SOCKET_TIMEOUT, "120");
		REPORTING.put(Setting.STATEMENT_TIMEOUT, "20");
		REPORTING.put(Setting.IDLE_IN_TRANSACTION_TIMEOUT, "90");
		REPORTING.put(Setting.CREDENTIALS_LIFETIME, "900");
		REPORTING.put(Setting.PGBOUNCER, "off");
		REPORTING.put(Setting.POOL_AUTOSIZE, "advise");
		REPORTING.put(Setting.PRESET, "local");
	}

	@BeforeAll
	static void runTheApplicationWithRealEnvironmentVariables() throws Exception {
		Map<String, String> environment = new LinkedHashMap<>();
		REPORTING.forEach((setting, value) -> environment.put(setting.environmentVariable("reporting"), value));
		environment.put("DB_POOLS_REPORTINGPOOL_POOL_SIZE", "3");
		environment.put("DB_POOL_SIZE", "4");
		environment.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
		environment.put("SPRING_DATASOURCE_USERNAME", database.username());
		environment.put("SPRING_DATASOURCE_PASSWORD", database.password());
		results = run(environment);
	}

	@Test
	void everyPoolLevelSettingBindsFromItsEnvironmentVariable() {
		assertThat(REPORTING.keySet())
			.containsAll(Setting.all().stream().filter(Setting::isPoolLevel).toList());
		REPORTING.forEach((setting, value) -> {
			if (setting != Setting.PRESET) {
				assertThat(results.get("reporting." + setting.key() + ".source")).as(setting.key())
					.isEqualTo("environment " + setting.environmentVariable("reporting"));
			}
		});
		assertThat(results).containsEntry("reporting.preset", "local")
			.containsEntry("reporting.pool-pre-ping", "false")
			.containsEntry("reporting.pgbouncer", "off")
			.containsEntry("reporting.pool-autosize", "advise")
			.containsEntry("reporting.statement-timeout", "20s")
			.containsEntry("reporting.idle-in-transaction-timeout", "90s")
			.containsEntry("reporting.credentials-lifetime", "900s");
	}

	@Test
	void theyReachThePoolOfThatBeanBeforeItStarts() {
		assertThat(results).containsEntry("reporting.minimumIdle", "2")
			.containsEntry("reporting.maximumPoolSize", "3")
			.containsEntry("reporting.connectionTimeout", "4000")
			.containsEntry("reporting.maxLifetime", "600000")
			.containsEntry("reporting.keepaliveTime", "60000")
			.containsEntry("reporting.leakDetectionThreshold", "30000")
			.containsEntry("reporting.driver.connectTimeout", "3")
			.containsEntry("reporting.driver.socketTimeout", "120")
			.containsEntry("reporting.driver.options",
					"-c statement_timeout=20000 -c idle_in_transaction_session_timeout=90000")
			.containsEntry("reporting.poolName", "reporting");
	}

	@Test
	void aCamelCaseBeanIsFoundFromItsUpperCaseVariable() {
		assertThat(results).containsEntry("reportingPool.tunedBy", "db.pools.reportingpool.*")
			.containsEntry("reportingPool.minimumIdle", "3")
			.containsEntry("reportingPool.pool-size.source", "environment DB_POOLS_REPORTINGPOOL_POOL_SIZE");
	}

	@Test
	void springBootsPoolKeepsDbSettings() {
		assertThat(results).containsEntry("dataSource.tunedBy", "db.*")
			.containsEntry("dataSource.minimumIdle", "4")
			.containsEntry("dataSource.maximumPoolSize", "14")
			.containsEntry("dataSource.pool-size.source", "environment DB_POOL_SIZE");
	}

	/** Runs {@link Child} with exactly the given environment, and reads what it printed. */
	private static Map<String, String> run(Map<String, String> environment) throws IOException, InterruptedException {
		String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		ProcessBuilder builder = new ProcessBuilder(javaBin, "-cp", classPath, Child.class.getName())
			.redirectErrorStream(true);
		builder.environment().keySet().removeIf((name) -> name.startsWith("DB_") || name.startsWith("SPRING_")
				|| name.equals("DATABASE_URL") || name.startsWith("LOGGING_"));
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		Map<String, String> printed = new LinkedHashMap<>();
		output.lines().filter((line) -> line.startsWith(RESULT)).forEach((line) -> {
			String entry = line.substring(RESULT.length());
			printed.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
		});
		assertThat(printed).as(output).isNotEmpty();
		return printed;
	}

	/** The application in the child JVM: Spring Boot's pool and two of its own; prints what each got. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class })
	static class Child {

		public static void main(String[] args) {
			SpringApplication application = new SpringApplication(Child.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			try (ConfigurableApplicationContext context = application.run(args)) {
				PoolTunings tunings = context.getBean(PoolTunings.class);
				context.getBeansOfType(HikariDataSource.class).forEach((name, pool) -> print(name, pool,
						tunings.get(name)));
			}
		}

		private static void print(String name, HikariDataSource pool, PoolTuning tuning) {
			print(name + ".tunedBy", tuning.tunedBy());
			print(name + ".poolName", pool.getPoolName());
			print(name + ".minimumIdle", pool.getMinimumIdle());
			print(name + ".maximumPoolSize", pool.getMaximumPoolSize());
			print(name + ".connectionTimeout", pool.getConnectionTimeout());
			print(name + ".maxLifetime", pool.getMaxLifetime());
			print(name + ".keepaliveTime", pool.getKeepaliveTime());
			print(name + ".leakDetectionThreshold", pool.getLeakDetectionThreshold());
			pool.getDataSourceProperties().forEach((key, value) -> print(name + ".driver." + key, value));
			if (tuning.tuned()) {
				tuning.settings().all().forEach((setting) -> {
					print(name + "." + setting.setting().key(), setting.formattedValue());
					print(name + "." + setting.setting().key() + ".source", setting.source());
				});
				Preset preset = tuning.settings().preset();
				print(name + ".preset", (preset != null) ? preset.value() : null);
			}
		}

		private static void print(String key, Object value) {
			System.out.println(RESULT + key + "=" + value);
		}

		@Bean(defaultCandidate = false)
		HikariDataSource reporting() {
			return pool();
		}

		@Bean(defaultCandidate = false)
		HikariDataSource reportingPool() {
			return pool();
		}

		private static HikariDataSource pool() {
			return DataSourceBuilder.create()
				.type(HikariDataSource.class)
				.url(System.getenv("SPRING_DATASOURCE_URL"))
				.username(System.getenv("SPRING_DATASOURCE_USERNAME"))
				.password(System.getenv("SPRING_DATASOURCE_PASSWORD"))
				.build();
		}

	}

}
