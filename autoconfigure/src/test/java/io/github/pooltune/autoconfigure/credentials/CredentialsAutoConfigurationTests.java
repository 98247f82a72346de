package io.github.pooltune.autoconfigure.credentials;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.test.TestDatabase;
import io.github.pooltune.test.TestRole;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for binding an application's {@link HikariCredentialsProvider} to its pool, and a
 * password rotated on the real server while the pool runs.
 *
 * @author pooltune
 */
class CredentialsAutoConfigurationTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class))
		.withPropertyValues(database.springDatasourceProperties());

	@Test
	void theOnlyProviderBeanGoesToSpringBootsPool() {
		this.contextRunner.withUserConfiguration(OneProviderConfiguration.class)
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getCredentialsProvider())
				.isSameAs(context.getBean(HikariCredentialsProvider.class)));
	}

	@Test
	void aProviderNamedAfterAPoolGoesToThatPoolOnly() {
		this.contextRunner.withUserConfiguration(AuditPoolConfiguration.class).run((context) -> {
			assertThat(context.getBean("audit", HikariDataSource.class).getCredentialsProvider())
				.isSameAs(context.getBean("auditCredentialsProvider"));
			assertThat(context.getBean("reporting", HikariDataSource.class).getCredentialsProvider()).isNull();
		});
	}

	@Test
	void noProviderNoChange() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getCredentialsProvider()).isNull());
	}

	@Test
	void aPasswordRotatedOnTheServerReachesThePoolThroughTheProviderWithoutARestart() throws SQLException {
		TestRole role = database.createRole("");
		database.assumeChecksPasswords(role);
		AtomicReference<Credentials> current = new AtomicReference<>(Credentials.of(role.name(), role.password()));
		this.contextRunner.withBean("rotatingCredentialsProvider", HikariCredentialsProvider.class, () -> current::get)
			.withPropertyValues("spring.datasource.username=", "spring.datasource.password=", "db.pool-size=1",
					"db.max-overflow=1", "db.pool-timeout=2")
			.run((context) -> {
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				try (Connection held = pool.getConnection()) {
					execute("alter role " + role.name() + " password 'rotated-" + role.password() + "'");
					// Open connections keep working; new ones are refused until the new password is known.
					assertThat(held.isValid(1)).isTrue();
					pool.getHikariPoolMXBean().softEvictConnections();
					assertThatExceptionOfType(SQLException.class).isThrownBy(() -> pool.getConnection().close());
					current.set(Credentials.of(role.name(), "rotated-" + role.password()));
					try (Connection fresh = pool.getConnection()) {
						assertThat(fresh.isValid(1)).isTrue();
					}
				}
			});
	}

	private static void execute(String sql) throws SQLException {
		try (Connection admin = database.connect(); Statement statement = admin.createStatement()) {
			statement.execute(sql);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class OneProviderConfiguration {

		@Bean
		HikariCredentialsProvider vaultCredentials() {
			return () -> Credentials.of(database.username(), database.password());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AuditPoolConfiguration {

		@Bean
		HikariDataSource audit() {
			return pool();
		}

		@Bean
		HikariDataSource reporting() {
			return pool();
		}

		@Bean
		HikariCredentialsProvider auditCredentialsProvider() {
			return () -> Credentials.of(database.username(), database.password());
		}

		private static HikariDataSource pool() {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl(database.jdbcUrl());
			dataSource.setUsername(database.username());
			dataSource.setPassword(database.password());
			return dataSource;
		}

	}

}
