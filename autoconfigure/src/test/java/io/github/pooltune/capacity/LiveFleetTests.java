package io.github.pooltune.capacity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counting the instances of a service on a server: by their names, whatever the network
 * layout, and estimated from the pools' own counts when the application names its
 * connections itself.
 *
 * @author pooltune
 */
class LiveFleetTests {

	@Test
	void instancesOnOneHostAreCountedByName() {
		// Three JVMs on one host: one client address, three names.
		ServerCapacity server = server("orders-api#web-1:101", Map.of("orders-api#web-1:101", 10,
				"orders-api#web-1:102", 10, "orders-api#web-1:103", 11, "reporting", 4, "", 1),
				Map.of("orders-api#web-1:101", 1, "orders-api#web-1:102", 1, "orders-api#web-1:103", 1, "reporting",
						1));
		LiveFleet live = LiveFleet.of(server, 10, 15);
		assertThat(live.exact()).isTrue();
		assertThat(live.instances()).isEqualTo(3);
		assertThat(live.instanceConnections()).isEqualTo(10);
		assertThat(live.siblingConnections()).isEqualTo(21);
		assertThat(live.otherConnections()).isEqualTo(5);
		assertThat(live.service()).isEqualTo("orders-api");
		assertThat(server.instanceConnections()).containsOnlyKeys("orders-api#web-1:101", "orders-api#web-1:102",
				"orders-api#web-1:103");
		assertThat(live.describe()).isEqualTo("this instance (orders-api#web-1:101) holds 10 connections, 2 other "
				+ "instances of 'orders-api' hold 21, other clients hold 5");
	}

	@Test
	void anInstanceOfAnOlderVersionNamedOnlyByServiceCountsOncePerHost() {
		ServerCapacity server = server("orders-api#web-1:101", Map.of("orders-api#web-1:101", 10, "orders-api", 20),
				Map.of("orders-api#web-1:101", 1, "orders-api", 2));
		assertThat(LiveFleet.of(server, 10, 15).instances()).isEqualTo(3);
	}

	@Test
	void withTheApplicationsOwnNameSiblingsOnOneHostAreEstimatedFromWhatThisInstanceHolds() {
		// This instance holds 10 of the 31 named "orders-api", all from one host: at least
		// two more instances, each holding at most 15.
		ServerCapacity server = server("orders-api", Map.of("orders-api", 31, "reporting", 4),
				Map.of("orders-api", 1, "reporting", 1));
		LiveFleet live = LiveFleet.of(server, 10, 15);
		assertThat(live.exact()).isFalse();
		assertThat(live.instances()).isEqualTo(3);
		assertThat(live.instanceConnections()).isEqualTo(10);
		assertThat(live.siblingConnections()).isEqualTo(21);
		assertThat(live.otherConnections()).isEqualTo(4);
		assertThat(live.describe()).endsWith("(estimated: the application names its connections itself)");
	}

	@Test
	void withTheApplicationsOwnNameEachOtherHostIsAnInstance() {
		ServerCapacity server = server("orders-api", Map.of("orders-api", 12), Map.of("orders-api", 3));
		assertThat(LiveFleet.of(server, 10, 15).instances()).isEqualTo(3);
		assertThat(LiveFleet.of(server("orders-api", Map.of("orders-api", 10), Map.of("orders-api", 1)), 10, 15)
			.instances()).isEqualTo(1);
	}

	@Test
	void theReportCountsTheLiveInstancesWhenMoreAreConnectedThanDeclared() {
		ServerCapacity server = new ServerCapacity(40, 3, 0, "app", false, -1, "orders", -1,
				Map.of("fleet#h:1", 2, "fleet#h:2", 2, "fleet#h:3", 2), Map.of(), "fleet#h:2", Instant.now());
		CapacityReport report = CapacityReport.of(server, List.of(new PoolShare("dataSource", 2, 10, "db.*", null)),
				1, 10, 2);
		assertThat(report.countsLiveInstances()).isTrue();
		assertThat(report.budget().instances()).isEqualTo(3);
		assertThat(report.summary()).isEqualTo("Pool 'dataSource' can open more connections than the database "
				+ "allows (3 instances of 'fleet' are connected now, more than DB_INSTANCES=1: counting 3): 3 "
				+ "instances × (2 + 10) + 10 reserved = 46 > 37 usable (max_connections 40 − 3 superuser reserved): "
				+ "lower DB_MAX_OVERFLOW to 7 or raise max_connections to 49; now this instance (fleet#h:2) holds 2 "
				+ "connections, 2 other instances of 'fleet' hold 4, other clients hold 0");
		assertThat(report.state()).doesNotContain("now this instance");
	}

	private static ServerCapacity server(String name, Map<String, Integer> connections, Map<String, Integer> hosts) {
		return new ServerCapacity(100, 3, 0, "app", false, -1, "orders", -1, connections, hosts, name, Instant.now());
	}

}
