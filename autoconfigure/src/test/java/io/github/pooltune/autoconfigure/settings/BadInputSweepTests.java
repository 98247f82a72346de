package io.github.pooltune.autoconfigure.settings;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.TestPools;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.capacity.CapacityAutoConfiguration;
import io.github.pooltune.autoconfigure.endpoint.PooltuneEndpointAutoConfiguration;
import io.github.pooltune.autoconfigure.health.PoolHealthContributorAutoConfiguration;
import io.github.pooltune.autoconfigure.metrics.PoolMetricsAutoConfiguration;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code db.*} setting of {@link Setting} (a new setting is swept as soon as it
 * is in the enum) given wrong types, out-of-range values and empty strings, as a
 * property and as an environment variable, and the conflicting combinations: each stops
 * the start-up with pooltune's failure analysis, which names the setting by its
 * environment variable and its property, and no pool starts with part of the settings.
 * Every pool-level setting is swept again in a pool's {@code db.pools.x.*} section,
 * whose analysis names the pool too. Prints how many inputs were tried.
 *
 * @author pooltune
 */
class BadInputSweepTests {

	private static final TestDatabase database = TestDatabase.get();

	/** The section, and the bean of its pool, swept next to db.*. */
	private static final String SECTION = "x";

	/** Every HikariDataSource the context made, to check afterwards that none started its pool. */
	private static final ConcurrentLinkedQueue<HikariDataSource> dataSources = new ConcurrentLinkedQueue<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				PoolHealthContributorAutoConfiguration.class, PoolMetricsAutoConfiguration.class,
				CapacityAutoConfiguration.class, PooltuneEndpointAutoConfiguration.class))
		.withBean(DataSourceRecorder.class)
		.withBean(FirstBorrow.class)
		.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password());

	@Test
	void everySettingRefusesWrongTypesOutOfRangeValuesAndEmptyStrings() {
		sweep(null, this.contextRunner);
	}

	@Test
	void everySettingOfAPoolsSectionRefusesTheSameAndNamesThePool() {
		sweep(SECTION, this.contextRunner.withUserConfiguration(SectionPoolConfiguration.class));
	}

	/** Every setting {@code db.*} holds, or every one a section holds, with each of its bad values. */
	private void sweep(String section, ApplicationContextRunner runner) {
		List<String> problems = new ArrayList<>();
		int tried = 0;
		int settings = 0;
		for (Setting<?> setting : Setting.all()) {
			if (section != null && !setting.isPoolLevel()) {
				continue;
			}
			settings++;
			for (String value : badValues(setting)) {
				for (boolean environment : new boolean[] { false, true }) {
					String name = environment ? setting.environmentVariable(section) : setting.property(section);
					tried++;
					String problem = environment ? refusedFromEnvironment(runner, setting, section, value)
							: refused(runner, setting, section, List.of(name + "=" + value), null);
					if (problem != null) {
						problems.add(name + "=" + value + ": " + problem);
					}
				}
			}
		}
		System.out.printf("Bad input sweep%s: %d settings, %d wrong inputs tried (as property and as environment "
				+ "variable), %d not refused as they should be%n",
				(section != null) ? " of section db.pools." + section : "", settings, tried, problems.size());
		assertThat(problems).isEmpty();
	}

	@Test
	void conflictingCombinationsAreRefused() {
		Map<Setting<?>, List<List<String>>> conflicts = Map.of(Setting.POOL_KEEPALIVE,
				List.of(List.of("db.pool-keepalive=1h", "db.pool-recycle=1800"),
						List.of("db.pool-keepalive=30m", "db.pool-recycle=30m"),
						List.of("db.pool-keepalive=5m", "db.preset=production", "db.pool-recycle=4m")),
				Setting.POOL_LEAK_THRESHOLD,
				List.of(List.of("db.pool-leak-threshold=2h", "db.pool-recycle=3600"),
						List.of("db.pool-leak-threshold=60", "db.pool-recycle=60")),
				Setting.CONNECT_TIMEOUT,
				List.of(List.of("db.connect-timeout=60", "db.pool-timeout=30"),
						List.of("db.connect-timeout=10", "db.pool-timeout=5"),
						List.of("db.connect-timeout=31s", "db.preset=local")),
				Setting.SOCKET_TIMEOUT,
				List.of(List.of("db.socket-timeout=10", "db.statement-timeout=30"),
						List.of("db.socket-timeout=30", "db.statement-timeout=30")),
				// A connection that may outlive its credentials: recycled at, after, or never.
				Setting.POOL_RECYCLE,
				List.of(List.of("db.credentials-lifetime=15m", "db.pool-recycle=900"),
						List.of("db.credentials-lifetime=15m", "db.pool-recycle=1h"),
						List.of("db.credentials-lifetime=15m", "db.pool-recycle=-1"),
						List.of("db.credentials-lifetime=15m"),
						List.of("db.credentials-lifetime=20m", "db.preset=production")));
		List<String> problems = new ArrayList<>();
		int tried = 0;
		for (Map.Entry<Setting<?>, List<List<String>>> entry : conflicts.entrySet()) {
			for (List<String> combination : entry.getValue()) {
				tried++;
				String problem = refused(this.contextRunner, entry.getKey(), null, combination, null);
				if (problem != null) {
					problems.add(combination + ": " + problem);
				}
			}
		}
		System.out.printf("Bad input sweep: %d conflicting combinations tried, %d not refused as they should be%n",
				tried, problems.size());
		assertThat(problems).isEmpty();
	}

	@Test
	void conflictingCombinationsInASectionAreRefusedNamingThePool() {
		// What the section sets is checked against what it inherits from db.*, and the other way round.
		Map<List<String>, String> conflicts = Map.of(
				List.of("db.pools.x.pool-keepalive=1h", "db.pool-recycle=1800"),
				"pool 'x': " + Setting.POOL_KEEPALIVE.displayName(SECTION),
				List.of("db.pool-keepalive=5m", "db.pools.x.pool-recycle=4m"),
				"pool 'x': " + Setting.POOL_KEEPALIVE.displayName(),
				List.of("db.connect-timeout=10", "db.pools.x.pool-timeout=5"),
				"pool 'x': " + Setting.CONNECT_TIMEOUT.displayName(),
				List.of("db.pools.x.connect-timeout=31s", "db.pools.x.preset=local"),
				"pool 'x': " + Setting.CONNECT_TIMEOUT.displayName(SECTION),
				List.of("db.pools.x.socket-timeout=10", "db.statement-timeout=30"),
				"pool 'x': " + Setting.SOCKET_TIMEOUT.displayName(SECTION),
				List.of("db.pools.x.credentials-lifetime=15m", "db.pool-recycle=1800"),
				"pool 'x': " + Setting.POOL_RECYCLE.displayName(),
				List.of("db.credentials-lifetime=15m", "db.pool-recycle=10m", "db.pools.x.pool-recycle=-1"),
				"pool 'x': " + Setting.POOL_RECYCLE.displayName(SECTION));
		ApplicationContextRunner runner = this.contextRunner.withUserConfiguration(SectionPoolConfiguration.class);
		List<String> problems = new ArrayList<>();
		conflicts.forEach((combination, expected) -> {
			String problem = refused(runner, expected + " is \"", combination, null);
			if (problem != null) {
				problems.add(combination + ": " + problem);
			}
		});
		System.out.printf("Bad input sweep of section db.pools.%s: %d conflicting combinations tried, %d not refused "
				+ "as they should be%n", SECTION, conflicts.size(), problems.size());
		assertThat(problems).isEmpty();
	}

	/** Wrong for every setting of the type; then the values of the type's range the setting does not accept. */
	private static Set<String> badValues(Setting<?> setting) {
		Set<String> values = new LinkedHashSet<>(List.of("", " ", "abc", "1,2"));
		Range<?> range = setting.range();
		if (range instanceof Range.Choice<?> choice && choice.values().get(0) instanceof Boolean) {
			values.addAll(List.of("maybe", "truee", "2", "-1", "null"));
		}
		else if (range instanceof Range.Whole whole) {
			// Not "0x10" or "#10": Spring reads them as 16, as Java's Integer.decode does.
			values.addAll(List.of("1.5", "1e3", "5 connections", "2147483648", "-2147483649", "ten"));
			for (int candidate : new int[] { Integer.MIN_VALUE, -1, 0, 1, 100, 101, 1000, 1001, 10000, 10001,
					Integer.MAX_VALUE }) {
				if (!whole.accepts(candidate)) {
					values.add(Integer.toString(candidate));
				}
			}
		}
		else if (range instanceof DurationRange durations) {
			values.addAll(List.of("soon", "5 s", "1x", "1.5s", "PT", "s", "9223372036854775808", "--5", "5sec"));
			for (String candidate : new String[] { "-9999", "-5", "-2", "-1", "-1ms", "0", "1ms", "500ms", "999ms",
					"1", "1999ms", "2", "29", "29999ms", "30", "59", "300" }) {
				if (!durations.accepts(duration(candidate))) {
					values.add(candidate);
				}
			}
		}
		else if (range instanceof Range.Choice<?> choice && choice.values().get(0) instanceof Enum<?>) {
			values.addAll(List.of("prod", "maybe", "-1", "none"));
		}
		else {
			throw new IllegalStateException("No bad values for " + setting + " with values " + range
					+ ": teach the sweep this type");
		}
		return values;
	}

	/** A bare number is seconds, as the settings read it. */
	private static Duration duration(String value) {
		return value.endsWith("ms") ? Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)))
				: Duration.ofSeconds(Long.parseLong(value));
	}

	private String refusedFromEnvironment(ApplicationContextRunner runner, Setting<?> setting, String section,
			String value) {
		String variable = setting.environmentVariable(section);
		Map<String, Object> environment = Map.of(variable, value);
		return refused(runner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new EnvironmentVariables(environment))), setting, section, List.of(), "from environment " + variable);
	}

	/** Null when the input was refused as it should be; else what went wrong. */
	private String refused(ApplicationContextRunner runner, Setting<?> setting, String section,
			List<String> properties, String expectedSource) {
		String pool = (section != null) ? "pool '" + section + "': " : "";
		return refused(runner, pool + setting.displayName(section) + " is \"", properties, expectedSource);
	}

	/** Null when the input was refused, naming what is expected; else what went wrong. */
	private String refused(ApplicationContextRunner runner, String expected, List<String> properties,
			String expectedSource) {
		dataSources.clear();
		List<String> problems = new ArrayList<>();
		runner.withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
			if (context.getStartupFailure() == null) {
				problems.add("started");
				return;
			}
			FailureAnalysis analysis = new InvalidPoolSettingsFailureAnalyzer().analyze(context.getStartupFailure());
			if (analysis == null) {
				problems.add("no pooltune failure analysis: " + context.getStartupFailure());
				return;
			}
			if (!analysis.getDescription().contains(expected)) {
				problems.add("the analysis does not say " + expected + ": " + analysis.getDescription());
			}
			if (expectedSource != null && !analysis.getDescription().contains(expectedSource)) {
				problems.add("the analysis does not say " + expectedSource + ": " + analysis.getDescription());
			}
		});
		for (HikariDataSource dataSource : dataSources) {
			if (dataSource.getHikariPoolMXBean() != null) {
				problems.add("a pool started");
			}
		}
		return problems.isEmpty() ? null : String.join("; ", problems);
	}

	/** Environment variables with their origin, as Spring Boot reads the real ones. */
	static class EnvironmentVariables extends SystemEnvironmentPropertySource implements OriginLookup<String> {

		EnvironmentVariables(Map<String, Object> variables) {
			super("test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables);
		}

		@Override
		public Origin getOrigin(String key) {
			String property = resolvePropertyName(key);
			return super.containsProperty(property) ? new SystemEnvironmentOrigin(property) : null;
		}

	}

	/** The pool of section {@value #SECTION}, next to Spring Boot's. */
	@Configuration(proxyBeanMethods = false)
	static class SectionPoolConfiguration {

		@Bean(defaultCandidate = false)
		HikariDataSource x() {
			return TestPools.unstarted();
		}

	}

	/** Records every HikariDataSource the context makes. */
	static class DataSourceRecorder implements BeanPostProcessor {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof HikariDataSource hikari) {
				dataSources.add(hikari);
			}
			return bean;
		}

	}

	/** Starts the pool once the context is up, as Flyway or a first request would. */
	static class FirstBorrow implements SmartInitializingSingleton {

		private final DataSource dataSource;

		FirstBorrow(DataSource dataSource) {
			this.dataSource = dataSource;
		}

		@Override
		public void afterSingletonsInstantiated() {
			try (Connection connection = this.dataSource.getConnection()) {
				connection.isValid(1);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
