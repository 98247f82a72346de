package io.github.pooltune.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;

import io.github.pooltune.test.TestDatabase;

import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Pools of the test database as an application builds its own: an unstarted
 * {@link HikariDataSource} from Spring Boot's {@link DataSourceBuilder}, and a
 * {@code reporting} pool next to Spring Boot's for the tests of several pools.
 *
 * @author pooltune
 */
public final class TestPools {

	private static final TestDatabase database = TestDatabase.get();

	private TestPools() {
	}

	/** A pool of the test database that has not started. */
	public static HikariDataSource unstarted() {
		return DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(database.jdbcUrl())
			.username(database.username())
			.password(database.password())
			.build();
	}

	/** The application's own {@code reporting} pool, kept out of injection by type as a second pool often is. */
	@Configuration(proxyBeanMethods = false)
	public static class Reporting {

		@Bean(defaultCandidate = false)
		public HikariDataSource reporting() {
			return unstarted();
		}

	}

}
