package io.github.pooltune.pool;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.DataSourceUnwrapper;

/**
 * Every HikariCP pool of the application context, by bean name, built once: the
 * auto-configured one, the application's own, and pools behind a proxy (Spring Boot's
 * {@code spring.datasource.connection-fetch=lazy}, for one) that
 * {@link DataSourceUnwrapper} sees through. DataSources that are not HikariCP are left
 * out. Everything pooltune reports names a pool by its key here.
 *
 * @author pooltune
 */
public final class PoolRegistry {

	private final Map<String, HikariDataSource> pools;

	private PoolRegistry(Map<String, HikariDataSource> pools) {
		this.pools = Collections.unmodifiableMap(pools);
	}

	/** The HikariCP pools among the DataSource beans, in bean order. */
	public static PoolRegistry of(Map<String, DataSource> dataSources) {
		Map<String, HikariDataSource> pools = new LinkedHashMap<>();
		dataSources.forEach((name, dataSource) -> {
			HikariDataSource hikari = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class,
					HikariDataSource.class);
			if (hikari != null) {
				pools.put(name, hikari);
			}
		});
		return new PoolRegistry(pools);
	}

	/** The pools by bean name, in bean order. */
	public Map<String, HikariDataSource> pools() {
		return this.pools;
	}

	/** The pool of a bean, or {@code null}. */
	public @Nullable HikariDataSource get(String beanName) {
		return this.pools.get(beanName);
	}

	/**
	 * The bean name of the pool HikariCP calls {@code poolName} (its own log lines and
	 * metrics trackers know only that name), or {@code null} when no pool has it.
	 */
	public @Nullable String beanNameOf(String poolName) {
		for (Map.Entry<String, HikariDataSource> entry : this.pools.entrySet()) {
			if (poolName.equals(entry.getValue().getPoolName())) {
				return entry.getKey();
			}
		}
		return null;
	}

	/**
	 * The bean name of that pool, or {@code null} when it is not one of the context's: by
	 * the object, which holds before HikariCP names a pool and when two pools share a name.
	 */
	public @Nullable String beanNameOf(HikariDataSource pool) {
		for (Map.Entry<String, HikariDataSource> entry : this.pools.entrySet()) {
			if (entry.getValue() == pool) {
				return entry.getKey();
			}
		}
		return null;
	}

	/** Runs the action for each pool, in bean order. */
	public void forEach(BiConsumer<String, HikariDataSource> action) {
		this.pools.forEach(action);
	}

	public boolean isEmpty() {
		return this.pools.isEmpty();
	}

}
