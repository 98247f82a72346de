package io.github.pooltune.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.github.pooltune.pool.PoolSnapshot;
import io.github.pooltune.pool.ShortBorrow;

/**
 * The {@code db} health indicator for a HikariCP pool, with the details of Spring Boot's
 * {@code DataSourceHealthIndicator} ({@code database}, {@code validationQuery}), that
 * never queues behind the application's requests:
 * <ul>
 * <li>when a connection is idle, it borrows one, waiting at most
 * {@value #BORROW_TIMEOUT_MILLIS} ms instead of the pool timeout, and validates it with
 * {@code isValid()}: UP, or DOWN when the database does not answer;</li>
 * <li>when every connection is in use, a borrow would wait behind the requests (Spring
 * Boot's indicator waits up to the pool timeout there): the pool's own state answers
 * instead, UP with the detail {@code answeredFrom}, since the pool holds live
 * connections that serve requests;</li>
 * <li>when the pool holds no connection, the borrow opens one, or the check is DOWN after
 * {@value #BORROW_TIMEOUT_MILLIS} ms;</li>
 * <li>a pool that has not started yet is not started by a health check: UNKNOWN.</li>
 * </ul>
 *
 * @author pooltune
 */
public class PoolAwareDataSourceHealthIndicator extends AbstractHealthIndicator {

	/** The longest a check waits for a connection. */
	public static final long BORROW_TIMEOUT_MILLIS = 1000;

	private static final int VALIDATION_TIMEOUT_SECONDS = 1;

	private final HikariDataSource dataSource;

	private volatile @Nullable String product;

	public PoolAwareDataSourceHealthIndicator(HikariDataSource dataSource) {
		super("DataSource health check failed");
		this.dataSource = dataSource;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws SQLException {
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		if (pool == null) {
			builder.unknown().withDetail("reason", "the pool has not started yet; a health check does not start it");
			return;
		}
		if (pool.getIdleConnections() == 0 && pool.getTotalConnections() > 0) {
			answerFromPool(builder, pool);
			return;
		}
		try (Connection connection = borrow(pool)) {
			boolean valid = connection.isValid(VALIDATION_TIMEOUT_SECONDS);
			builder.status(valid ? Status.UP : Status.DOWN);
			builder.withDetail("database", product(connection)).withDetail("validationQuery", "isValid()");
		}
		catch (SQLTransientConnectionException ex) {
			if (pool.getTotalConnections() > 0 && pool.getIdleConnections() == 0) {
				// A request took the last idle connection first: the pool is busy, not broken.
				answerFromPool(builder, pool);
				return;
			}
			builder.down(ex)
				.withDetail("reason", "no connection could be had within " + BORROW_TIMEOUT_MILLIS
						+ " ms: the pool holds none and cannot open one to the database");
		}
	}

	private void answerFromPool(Health.Builder builder, HikariPoolMXBean pool) {
		String product = this.product;
		if (product != null) {
			builder.withDetail("database", product);
		}
		int total = pool.getTotalConnections();
		int waiting = PoolSnapshot.waiting(pool);
		String inUse = (total == 1) ? "its only connection is in use" : "all " + total + " connections are in use";
		builder.up()
			.withDetail("answeredFrom", "the pool's state: " + inUse + " (" + waiting + " thread"
					+ ((waiting != 1) ? "s" : "") + " waiting), so none was borrowed");
	}

	/** HikariCP's pool takes a timeout per borrow; the data source only its pool timeout. */
	private Connection borrow(HikariPoolMXBean pool) throws SQLException {
		if (pool instanceof HikariPool hikariPool) {
			return ShortBorrow.of(hikariPool, BORROW_TIMEOUT_MILLIS);
		}
		return this.dataSource.getConnection();
	}

	private String product(Connection connection) throws SQLException {
		String product = this.product;
		if (product == null) {
			product = connection.getMetaData().getDatabaseProductName();
			this.product = product;
		}
		return product;
	}

}
