package io.github.pooltune.sample;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.test.ReplicatedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connections the sample's pool holds to a server that turns read-only while they
 * stay open (the old primary of a failover that still answers: here the standby is
 * promoted and the old primary set to {@code default_transaction_read_only} and reloaded,
 * for real) are evicted when a write on them fails with SQLState 25006, not handed out
 * again: at most one failed write per such connection, then every write lands on the new
 * primary, which the multi-host URL with {@code targetServerType=primary} leads new
 * connections to. Prints the figures.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "sample.embedded-database=false", "db.pool-size=" + ReadOnlyServerEvictionTests.POOL_SIZE,
				"db.max-overflow=0", "db.pool-timeout=2", "db.connect-timeout=1" })
@DirtiesContext
class ReadOnlyServerEvictionTests {

	static final int POOL_SIZE = 3;

	private static final int WRITES = 30;

	/** The service part of the sample's connections' names ({@code <service>#<host>:<pid>}). */
	private static final String SERVICE = "pooltune-sample";

	private static ReplicatedPostgres servers;

	@Autowired
	private HikariDataSource dataSource;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws IOException {
		servers = ReplicatedPostgres.start();
		registry.add("spring.datasource.url", () -> servers.jdbcUrl("postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
	}

	@AfterAll
	static void stopServers() {
		servers.close();
	}

	@Test
	void connectionsOpenToAServerThatTurnedReadOnlyAreEvictedNotHandedOutAgain() throws Exception {
		try (Connection primary = servers.connectPrimary(); Statement statement = primary.createStatement()) {
			statement.execute(Writer.CREATE_TABLE);
		}
		servers.awaitReplayed();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.dataSource.getHikariPoolMXBean().getTotalConnections() == POOL_SIZE
					&& backendsOnOldPrimary().size() == POOL_SIZE);
		Set<Integer> openToOldPrimary = backendsOnOldPrimary();

		servers.promoteStandby();
		try (Connection old = servers.connectPrimary(); Statement statement = old.createStatement()) {
			statement.execute("alter system set default_transaction_read_only = on");
			statement.execute("select pg_reload_conf()");
		}
		// The backends read the reloaded file before their next statement; the signal takes a moment to arrive.
		Thread.sleep(500);

		List<Write> writes = new ArrayList<>();
		for (int seq = 1; seq <= WRITES; seq++) {
			writes.add(write(seq));
		}
		List<Write> failed = writes.stream().filter((write) -> write.sqlState() != null).toList();
		Write lastFailure = failed.isEmpty() ? null : failed.get(failed.size() - 1);
		List<Write> afterLastFailure = writes.subList(writes.indexOf(lastFailure) + 1, writes.size());
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			Set<Integer> open = backendsOnOldPrimary();
			return failed.stream().noneMatch((write) -> open.contains(write.backendPid()));
		});
		Set<Integer> stillOpen = backendsOnOldPrimary();
		System.out.printf("A server turned read-only with %d pool connections open to it (standby promoted, old "
				+ "primary set to default_transaction_read_only): %d of %d writes failed with 25006, on %d distinct "
				+ "connections, each evicted (its backend gone from the old primary, never handed out again); the "
				+ "%d writes after the last failure all on the new primary (127.0.0.1:%d); pool connections still "
				+ "open to the old primary: %d%n",
				openToOldPrimary.size(), failed.size(), writes.size(),
				failed.stream().map(Write::backendPid).distinct().count(), afterLastFailure.size(),
				servers.standbyPort(), stillOpen.size());

		assertThat(failed).as("writes that met the read-only server")
			.isNotEmpty()
			.hasSizeLessThanOrEqualTo(POOL_SIZE)
			.allSatisfy((write) -> {
				assertThat(write.sqlState()).isEqualTo("25006");
				assertThat(write.serverPort()).isEqualTo(servers.primaryPort());
				assertThat(openToOldPrimary).contains(write.backendPid());
			});
		for (Write write : failed) {
			List<Write> later = writes.subList(writes.indexOf(write) + 1, writes.size());
			assertThat(later).as("writes after the one that failed on backend " + write.backendPid())
				.noneMatch((next) -> next.backendPid() == write.backendPid());
		}
		assertThat(afterLastFailure).hasSizeGreaterThanOrEqualTo(WRITES - POOL_SIZE)
			.allSatisfy((write) -> assertThat(write.sqlState()).isNull())
			.allSatisfy((write) -> assertThat(write.serverPort()).isEqualTo(servers.standbyPort()));
		assertThat(stillOpen).doesNotContainAnyElementsOf(failed.stream().map(Write::backendPid).toList());
	}

	/** One write through the application's pool; which backend and server took it, and how it ended. */
	private Write write(int seq) throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				PreparedStatement insert = connection.prepareStatement(
						"insert into failover_writes (seq, server_port) values (?, inet_server_port())")) {
			int pid;
			int port;
			try (ResultSet backend = statement.executeQuery("select pg_backend_pid(), inet_server_port()")) {
				backend.next();
				pid = backend.getInt(1);
				port = backend.getInt(2);
			}
			insert.setLong(1, seq);
			try {
				insert.executeUpdate();
				return new Write(seq, pid, port, null);
			}
			catch (SQLException ex) {
				return new Write(seq, pid, port, ex.getSQLState());
			}
		}
	}

	/** The backends of the sample's pool on the old primary. */
	private static Set<Integer> backendsOnOldPrimary() throws SQLException {
		Set<Integer> pids = new HashSet<>();
		try (Connection connection = servers.connectPrimary();
				PreparedStatement query = connection
					.prepareStatement("select pid from pg_stat_activity where split_part(application_name, '#', 1) = ?")) {
			query.setString(1, SERVICE);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					pids.add(rows.getInt(1));
				}
			}
		}
		return pids;
	}

	/**
	 * One write.
	 * @param seq the row's key
	 * @param backendPid the backend that took it
	 * @param serverPort the port of that backend's server
	 * @param sqlState the SQLState it failed with, or {@code null}
	 */
	private record Write(int seq, int backendPid, int serverPort, String sqlState) {

	}

}
