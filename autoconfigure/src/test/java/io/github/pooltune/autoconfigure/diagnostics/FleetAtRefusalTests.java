package io.github.pooltune.autoconfigure.diagnostics;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.pooltune.capacity.CapacityReport;
import io.github.pooltune.capacity.PoolShare;
import io.github.pooltune.capacity.ServerCapacity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FleetAtRefusal}: a server out of slots explained with the fleet the
 * last capacity check saw, when the fleet fits (others took the slots), and the plain
 * advice before any check. The fleet that does not fit is proven against a real server
 * in {@code FleetCapacityTests}.
 *
 * @author pooltune
 */
class FleetAtRefusalTests {

	private static final SQLException TOO_MANY = new SQLException("FATAL: sorry, too many clients already", "53300");

	@Test
	void aFleetThatFitsLeavesTheSlotsToOtherClients() {
		Instant readAt = Instant.parse("2030-01-01T10:00:00Z");
		ServerCapacity server = new ServerCapacity(100, 3, 0, "app", false, -1, "orders", -1,
				Map.of("orders-api#web-1:7", 4, "orders-api#web-2:7", 5, "etl", 81), Map.of(), "orders-api#web-1:7",
				readAt);
		CapacityReport report = CapacityReport.of(server, List.of(new PoolShare("dataSource", 2, 3, "db.*", null)), 2,
				10, 4);
		assertThat(FleetAtRefusal.describe(report, readAt.plusSeconds(42))).isEqualTo("At the last capacity check "
				+ "(42s ago) 2 instances of 'orders-api' held 9 connections (this one 4) and other clients 81; the "
				+ "fleet's budget is 87 connections (97 usable − 10 reserved) and the fleet may open 10 (2 × (2 + 3)), "
				+ "so the slots went to other clients: find them in pg_stat_activity, or lower DB_POOL_SIZE, "
				+ "DB_MAX_OVERFLOW or the number of instances, or raise the limit");
		assertThat(ConnectionFailures.Failure.of(TOO_MANY, report).advice())
			.startsWith("the server has no connection slot left for this role and database (max_connections, or "
					+ "a CONNECTION LIMIT on the role or the database). At the last capacity check (");
	}

	@Test
	void beforeAnyCheckTheAdvicePointsAtTheEndpoint() {
		assertThat(ConnectionFailures.Failure.of(TOO_MANY, null).advice())
			.contains("Check the fleet with GET /actuator/pooltune (section capacity)");
	}

}
