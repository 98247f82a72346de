package io.github.pooltune.autoconfigure.hikari;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.SimpleAutowireCandidateResolver;
import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * The HikariCP pools among the application's DataSource beans, by bean name, unwrapped
 * from any proxy around them.
 *
 * @author pooltune
 */
public final class HikariPools {

	private HikariPools() {
	}

	/**
	 * Every HikariCP pool of the context, in bean order. Unlike an injected
	 * {@code Map<String, DataSource>}, it includes beans declared with
	 * {@code @Bean(defaultCandidate = false)}, the way to add a pool next to Spring
	 * Boot's without Spring Boot's backing off.
	 */
	public static Map<String, HikariDataSource> of(ConfigurableListableBeanFactory beanFactory) {
		return of(SimpleAutowireCandidateResolver.resolveAutowireCandidates(beanFactory, DataSource.class, false, true));
	}

	/** The HikariCP pools, in bean order; other DataSources are left out. */
	public static Map<String, HikariDataSource> of(Map<String, DataSource> dataSources) {
		Map<String, HikariDataSource> pools = new LinkedHashMap<>();
		dataSources.forEach((name, dataSource) -> {
			HikariDataSource hikari = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class,
					HikariDataSource.class);
			if (hikari != null) {
				pools.put(name, hikari);
			}
		});
		return pools;
	}

}
