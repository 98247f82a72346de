package io.github.pooltune.health;

import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

import io.github.pooltune.pool.PoolSnapshot;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code pool} health contributor: the pool's state in SQLAlchemy's words, read from
 * HikariCP's MXBean without borrowing a connection, so it answers at once when every
 * connection is in use (Spring Boot's {@code db} indicator borrows one and waits).
 * <p>
 * Status: DOWN when the pool has started but holds no connection although it should
 * keep some open, meaning it cannot open connections to the database. A busy pool, even
 * one with threads waiting, is UP: that is load, not a failure, and restarting instances
 * under load makes it worse; the alerts watch it instead. A pool that has not opened yet
 * is UP.
 *
 * @author pooltune
 */
public class PoolHealthIndicator extends AbstractHealthIndicator {

	private final HikariDataSource dataSource;

	private final ConnectionRefusals refusals;

	public PoolHealthIndicator(HikariDataSource dataSource) {
		this(dataSource, ConnectionRefusals.NONE);
	}

	/**
	 * An indicator that also says when the server refuses the pool's new connections
	 * ({@code connectionsRefused}), while the pool still serves from the ones it holds.
	 */
	public PoolHealthIndicator(HikariDataSource dataSource, ConnectionRefusals refusals) {
		super("Pool health check failed");
		this.dataSource = dataSource;
		this.refusals = refusals;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		PoolSnapshot pool = PoolSnapshot.of(this.dataSource);
		boolean cannotConnect = pool.started() && pool.totalConnections() == 0
				&& (pool.poolSize() > 0 || pool.waiting() > 0);
		if (cannotConnect) {
			builder.down().withDetail("reason", "the pool holds no connection and cannot open one to the database");
		}
		else {
			builder.up();
		}
		builder.withDetails(pool.details());
		Map<String, Object> refusal = this.refusals.refusal(this.dataSource);
		if (refusal != null) {
			builder.withDetail("connectionsRefused", refusal);
		}
	}

}
