package io.github.pooltune.capacity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway tuning guide's capacity rule and the fixes it proposes, on the pooling guides'
 * own numbers.
 *
 * @author pooltune
 */
class FleetBudgetTests {

	@Test
	void theGatewayGuidesDevFleetDoesNotFitAHundredConnectionServer() {
		FleetBudget budget = new FleetBudget(3, 40, 60, 10, server(100, 3, -1, -1));
		assertThat(budget.fleetMaximum()).isEqualTo(300);
		assertThat(budget.headroom()).isEqualTo(97 - 10 - 300);
		assertThat(budget.problems()).containsExactly("3 instances × (40 + 60) + 10 reserved = 310 > 97 usable "
				+ "(max_connections 100 − 3 superuser reserved): lower DB_POOL_SIZE to 29 and DB_MAX_OVERFLOW to 0 "
				+ "or raise max_connections to 313");
	}

	@Test
	void lowersOnlyTheOverflowWhenThePoolSizeStillFits() {
		assertThat(new FleetBudget(3, 20, 30, 10, server(200, 3, -1, -1)).problems()).isEmpty();
		// (197 - 10) / 5 = 37 per instance: 20 + 17.
		FleetBudget tooBig = new FleetBudget(5, 20, 30, 10, server(200, 3, -1, -1));
		assertThat(tooBig.problems()).singleElement()
			.asString()
			.contains("= 260 > 197 usable")
			.contains("lower DB_MAX_OVERFLOW to 17 or raise max_connections to 263");
	}

	@Test
	void theSqlAlchemyGuidesProductionPresetFitsWhenTheServerHasRoom() {
		FleetBudget budget = new FleetBudget(5, 20, 20, 10, server(210 + 3, 3, -1, -1));
		assertThat(budget.problems()).isEmpty();
		assertThat(budget.headroom()).isZero();
	}

	@Test
	void roleAndDatabaseLimitsCountForOrdinaryRolesOnly() {
		FleetBudget limited = new FleetBudget(2, 5, 5, 10, server(300, 3, 12, 15));
		assertThat(limited.problems()).containsExactly(
				"2 instances × (5 + 5) = 20 > 12, the CONNECTION LIMIT of role app: lower DB_MAX_OVERFLOW to 1 or "
						+ "ALTER ROLE app CONNECTION LIMIT 20",
				"2 instances × (5 + 5) = 20 > 15, the CONNECTION LIMIT of database orders: lower DB_MAX_OVERFLOW to 1 "
						+ "or ALTER DATABASE orders CONNECTION LIMIT 20");
		ServerCapacity asSuperuser = new ServerCapacity(300, 3, 0, "postgres", true, 12, "orders", 15, Map.of(),
				Map.of(), null, Instant.now());
		assertThat(new FleetBudget(2, 5, 5, 10, asSuperuser).problems()).isEmpty();
	}

	@Test
	void noInstanceFitsWhenTheBudgetIsSmallerThanTheFleet() {
		FleetBudget budget = new FleetBudget(50, 5, 5, 10, server(40, 3, -1, -1));
		assertThat(budget.problems()).singleElement()
			.asString()
			.contains("no instance fits (budget 27 for 50 instances): lower DB_INSTANCES to at most 27");
	}

	@Test
	void safeSizesForAPlannedFleetStayWithinTheSettingsRanges() {
		FleetBudget budget = new FleetBudget(1, 5, 10, 10, server(5000, 3, -1, -1));
		assertThat(budget.safeSizes(2)).isEqualTo(new FleetBudget.SafeSizes(2, 4987, 2493, 5, 100, null, 0));
		assertThat(budget.safeSizes(1000)).isEqualTo(new FleetBudget.SafeSizes(1000, 4987, 4, 4, 0, null, 0));
	}

	@Test
	void liveHeadroomCountsWhatOtherClientsHoldNow() {
		ServerCapacity server = new ServerCapacity(100, 3, 0, "app", false, -1, "orders", -1,
				Map.of("orders-api", 12, "reporting", 30, "", 2), Map.of("orders-api", 2), "orders-api", Instant.now());
		FleetBudget budget = new FleetBudget(2, 5, 10, 10, server);
		assertThat(server.otherConnections()).isEqualTo(32);
		assertThat(server.liveInstances()).isEqualTo(2);
		assertThat(budget.liveHeadroom()).isEqualTo(97 - 32 - 30);
	}

	@Test
	void rdsInstanceClassesPlanWithTheSmallerOfFormulaAndPublishedFigure() {
		RdsInstanceClass medium = RdsInstanceClass.named("db.t3.medium");
		assertThat(medium.formulaMaxConnections()).isEqualTo(450);
		assertThat(medium.publishedFigure()).isEqualTo(334);
		assertThat(medium.plannedMaxConnections()).isEqualTo(334);
		assertThat(RdsInstanceClass.named("DB.M5.2XLARGE").formulaMaxConnections()).isEqualTo(3604);
		assertThat(RdsInstanceClass.named("db.x9.huge")).isNull();
		FleetBudget onMedium = new FleetBudget(3, 20, 30, 10, medium.asServer());
		assertThat(onMedium.safeSizes(3)).isEqualTo(new FleetBudget.SafeSizes(3, 321, 107, 20, 87, null, 0));
	}

	@Test
	void thePoolsOfAnInstanceOnOneServerAreAddedUp() {
		List<PoolShare> pools = List.of(new PoolShare("dataSource", 20, 30, "db.*", null),
				new PoolShare("audit", 3, 0, null, null));
		FleetBudget fits = new FleetBudget(3, pools, 10, server(200, 3, -1, -1));
		assertThat(fits.perInstance()).isEqualTo(53);
		assertThat(fits.fleetMaximum()).isEqualTo(159);
		assertThat(fits.problems()).isEmpty();
		assertThat(fits.describePerInstance()).isEqualTo("((20 + 30) dataSource + (3 + 0) audit)");
		// (197 - 10) / 4 = 46 per instance, 3 of them audit's: 20 + 23 for dataSource.
		assertThat(new FleetBudget(4, pools, 10, server(200, 3, -1, -1)).problems()).containsExactly(
				"4 instances × ((20 + 30) dataSource + (3 + 0) audit) + 10 reserved = 222 > 197 usable "
						+ "(max_connections 200 − 3 superuser reserved): lower DB_MAX_OVERFLOW to 23 (pool "
						+ "'dataSource', the others as they are) or raise max_connections to 225");
	}

	@Test
	void theGatewayGuidesDevFleetWithAnAuditPoolOfItsOwn() {
		List<PoolShare> pools = List.of(new PoolShare("dataSource", 40, 60, "db.*", null),
				new PoolShare("audit", 3, 0, null, null));
		// As docs/capacity.md shows it: (97 - 10) / 3 = 29 per instance, 3 of them audit's.
		ServerCapacity server = server(100, 3, -1, -1);
		FleetBudget budget = new FleetBudget(3, pools, 10, server);
		LiveFleet live = new LiveFleet("orders-api", "orders-api#web-1:7", 1, true, 43, 0, 5, Instant.now());
		assertThat(new CapacityReport(server, budget, 3, budget.problems(), live).summary())
			.isEqualTo("Pools 'dataSource' and 'audit' together can open more connections than the database allows: "
					+ "3 instances × ((40 + 60) dataSource + (3 + 0) audit) + 10 reserved = 319 > 97 usable "
					+ "(max_connections 100 − 3 superuser reserved): lower DB_POOL_SIZE to 26 and DB_MAX_OVERFLOW to 0 "
					+ "(pool 'dataSource', the others as they are) or raise max_connections to 322; now this instance "
					+ "(orders-api#web-1:7) holds 43 connections, no other instance of 'orders-api' is connected, other clients hold 5");
	}

	@Test
	void aPoolSizedByItsSectionIsFixedWithItsOwnVariables() {
		List<PoolShare> pools = List.of(new PoolShare("audit", 3, 0, null, null),
				new PoolShare("reporting", 10, 10, "db.pools.reporting.*", null));
		// (37 - 10) / 2 = 13 per instance, 3 of them audit's.
		assertThat(new FleetBudget(2, pools, 10, server(40, 3, -1, -1)).problems()).singleElement()
			.asString()
			.contains("2 instances × ((3 + 0) audit + (10 + 10) reporting) + 10 reserved = 56 > 37 usable")
			.contains("lower DB_POOLS_REPORTING_MAX_OVERFLOW to 0 (pool 'reporting', the others as they are)");
		assertThat(new FleetBudget(2, pools, 10, server(40, 3, -1, -1)).safeSizes(2))
			.isEqualTo(new FleetBudget.SafeSizes(2, 27, 13, 10, 0, "reporting", 3));
	}

	@Test
	void aPoolTheApplicationSizesIsFixedThroughItsMaximumPoolSize() {
		FleetBudget budget = new FleetBudget(5, List.of(new PoolShare("audit", 10, 0, null, null)), 10,
				server(40, 3, -1, -1));
		assertThat(budget.problems()).singleElement()
			.asString()
			.contains("lower the maximumPoolSize of pool 'audit' to 5, or size it with db.pools.audit.pool-size and "
					+ "max-overflow or raise max_connections to 63");
	}

	@Test
	void eachRoleIsCheckedAgainstItsOwnLimitWithThePoolsThatConnectAsIt() {
		ServerCapacity asReader = new ServerCapacity(300, 3, 0, "reader", false, 2, "orders", -1, Map.of(), Map.of(),
				null, Instant.now());
		List<PoolShare> pools = List.of(new PoolShare("dataSource", 5, 5, "db.*", null),
				new PoolShare("reporting", 1, 1, "db.pools.reporting.*", asReader));
		assertThat(new FleetBudget(2, pools, 10, server(300, 3, 30, -1)).problems())
			.containsExactly("2 instances × (1 + 1) = 4 > 2, the CONNECTION LIMIT of role reader: lower "
					+ "DB_POOLS_REPORTING_MAX_OVERFLOW to 0 or ALTER ROLE reader CONNECTION LIMIT 4");
	}

	private static ServerCapacity server(int maxConnections, int superuserReserved, int roleLimit, int databaseLimit) {
		return new ServerCapacity(maxConnections, superuserReserved, 0, "app", false, roleLimit, "orders",
				databaseLimit, Map.of(), Map.of(), null, Instant.now());
	}

}
