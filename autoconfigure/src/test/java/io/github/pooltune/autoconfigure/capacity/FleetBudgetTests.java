package io.github.pooltune.autoconfigure.capacity;

import java.time.Instant;
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
		assertThat(budget.safeSizes(2)).isEqualTo(new FleetBudget.SafeSizes(2, 4987, 2493, 5, 100));
		assertThat(budget.safeSizes(1000)).isEqualTo(new FleetBudget.SafeSizes(1000, 4987, 4, 4, 0));
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
		assertThat(onMedium.safeSizes(3)).isEqualTo(new FleetBudget.SafeSizes(3, 321, 107, 20, 87));
	}

	private static ServerCapacity server(int maxConnections, int superuserReserved, int roleLimit, int databaseLimit) {
		return new ServerCapacity(maxConnections, superuserReserved, 0, "app", false, roleLimit, "orders",
				databaseLimit, Map.of(), Map.of(), null, Instant.now());
	}

}
