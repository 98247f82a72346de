package io.github.pooltune.autoconfigure.failover;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.github.pooltune.autoconfigure.capacity.CapacityCheck;
import io.github.pooltune.capacity.CapacityReport;
import io.github.pooltune.test.ReplicatedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * pooltune finds a failover between two real servers, a primary and its streaming
 * standby: the pool on a multi-host URL (given as {@code DATABASE_URL}) follows the
 * promoted standby, and pooltune names the switch in one WARN and checks the capacity
 * again against the new primary (whose {@code max_connections} differs); a pool whose URL
 * lets it land on a standby gets one WARN that writes fail. The first test waits for the
 * scheduled check; the second runs it by hand, to be quicker.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerSwitchCheckTests {

	/** The first check runs a second after ready, then every 5 s; a new connection takes at most a few more. */
	private static final Duration FOUND_WITHIN = ServerSwitchCheck.EVERY.multipliedBy(3);

	@Test
	void aFailoverToThePromotedStandbyIsNamedAndTheCapacityCheckedAgain(CapturedOutput output) throws Exception {
		try (ReplicatedPostgres servers = ReplicatedPostgres.start(Map.of("max_connections", "40"),
				Map.of("max_connections", "60"))) {
			String databaseUrl = "postgresql://postgres@" + servers.hosts() + "/postgres?targetServerType=primary";
			try (ConfigurableApplicationContext context = run(Map.of("DATABASE_URL", databaseUrl))) {
				assertThat(output).contains("Using the database named by DATABASE_URL: jdbc:postgresql://"
						+ servers.hosts() + "/postgres");
				CapacityCheck capacity = context.getBean(CapacityCheck.class);
				ServerSwitchCheck check = context.getBean(ServerSwitchCheck.class);
				await().atMost(FOUND_WITHIN).until(() -> check.servers().containsKey("dataSource")
						&& capacity.reports().containsKey("dataSource"));
				assertThat(check.servers().get("dataSource").port()).isEqualTo(servers.primaryPort());
				assertThat(capacity.reports().get("dataSource").server().maxConnections()).isEqualTo(40);

				Instant failover = Instant.now();
				try (Traffic traffic = new Traffic(context.getBean(DataSource.class))) {
					servers.stopPrimary();
					servers.promoteStandby();
					await().atMost(FOUND_WITHIN).until(() -> output.toString().contains("now reaches another"));
				}
				String expected = "WARN .* Pool 'dataSource' now reaches another database server: 127\\.0\\.0\\.1:"
						+ servers.standbyPort() + " \\(primary, up since [-0-9T:]+Z\\), no longer 127\\.0\\.0\\.1:"
						+ servers.primaryPort() + " \\(primary, up since [-0-9T:]+Z\\)\\. A failover, or its address "
						+ "now leads to another server\\.";
				assertThat(count(output, expected)).isOne();
				CapacityReport again = capacity.reports().get("dataSource");
				assertThat(again.server().readAt()).isAfter(failover);
				assertThat(again.server().maxConnections()).isEqualTo(60);
				assertThat(output).contains("Capacity of pool 'dataSource': 1 × (2 + 0) + 10 reserved = 12 of 57 "
						+ "usable (max_connections 60 − 3 superuser reserved)");
				assertThat(check.servers().get("dataSource").port()).isEqualTo(servers.standbyPort());
			}
		}
	}

	@Test
	void aPoolThatLandsOnAStandbyIsWarnedOnceThatWritesFail(CapturedOutput output) throws Exception {
		try (ReplicatedPostgres servers = ReplicatedPostgres.start()) {
			// No targetServerType: pgjdbc takes any server that answers, a standby too.
			String url = "jdbc:postgresql://" + servers.hosts() + "/postgres";
			try (ConfigurableApplicationContext context = run(
					Map.of("spring.datasource.url", url, "spring.datasource.username", "postgres"))) {
				ServerSwitchCheck check = context.getBean(ServerSwitchCheck.class);
				await().atMost(FOUND_WITHIN).until(() -> check.servers().containsKey("dataSource"));
				try (Traffic traffic = new Traffic(context.getBean(DataSource.class))) {
					servers.stopPrimary();
					// Run by hand as well, to be quicker: the first test waits for the scheduled runs.
					await().atMost(FOUND_WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> {
						check.checkAll();
						return output.toString().contains("It is a standby");
					});
				}
				String expected = "WARN .* Pool 'dataSource' now reaches another database server: 127\\.0\\.0\\.1:"
						+ servers.standbyPort() + " \\(standby, in recovery, up since [-0-9T:]+Z\\), no longer "
						+ "127\\.0\\.0\\.1:" + servers.primaryPort() + " \\(primary, up since [-0-9T:]+Z\\)\\. It is a "
						+ "standby, read-only: every write fails \\(SQLState 25006\\) until it is promoted or the pool "
						+ "reaches the primary again; with several hosts in the URL, targetServerType=primary keeps "
						+ "new connections off standbys\\.";
				// Once: the checks that follow find the pool on the same standby.
				check.checkAll();
				check.checkAll();
				assertThat(count(output, expected)).isOne();
				assertThat(count(output, "It is a standby")).isOne();
			}
		}
	}

	@Test
	void connectionsStillOpenToTheServerThePoolLeftAreNoNewSwitch(CapturedOutput output) {
		ServerSwitchCheck check = new ServerSwitchCheck(Map.of(), null);
		DatabaseServer old = new DatabaseServer("10.0.0.1", 5432, Instant.parse("2026-12-01T09:00:00Z"), false);
		DatabaseServer promoted = new DatabaseServer("10.0.0.2", 5432, Instant.parse("2026-12-01T08:00:00Z"), false);
		assertThat(check.observe("orders", old)).isFalse();
		assertThat(check.observe("orders", promoted)).isTrue();
		assertThat(check.observe("orders", old)).isFalse();
		assertThat(check.observe("orders", promoted)).isFalse();
		assertThat(count(output, "Pool 'orders' now reaches another database server: 10\\.0\\.0\\.2:5432 \\(primary, "
				+ "up since 2026-12-01T08:00:00Z\\), no longer 10\\.0\\.0\\.1:5432 \\(primary, up since "
				+ "2026-12-01T09:00:00Z\\)")).isOne();
		assertThat(check.servers().get("orders")).isEqualTo(promoted);
		// The old server back after a restart (rewound and promoted again, say) is a switch again.
		DatabaseServer restarted = new DatabaseServer("10.0.0.1", 5432, Instant.parse("2026-12-01T10:00:00Z"), false);
		assertThat(check.observe("orders", restarted)).isTrue();
		assertThat(count(output, "now reaches another database server")).isEqualTo(2);
		// The same address with a later start: a restart, or a floating IP that moved.
		DatabaseServer again = new DatabaseServer("10.0.0.1", 5432, Instant.parse("2026-12-01T11:00:00Z"), true);
		assertThat(check.observe("orders", again)).isTrue();
		assertThat(count(output, "Pool 'orders' reaches 10\\.0\\.0\\.1:5432 \\(standby, in recovery, up since "
				+ "2026-12-01T11:00:00Z\\), a server started since the pool reached 10\\.0\\.0\\.1:5432 \\(primary, up "
				+ "since 2026-12-01T10:00:00Z\\): it restarted, or another server took over its address \\(a floating "
				+ "IP\\)\\. It is a standby, read-only")).isOne();
	}

	@Test
	void aPromotionIsNoSwitchAndAServerThatGoesIntoRecoveryIsWarnedOnce(CapturedOutput output) {
		ServerSwitchCheck check = new ServerSwitchCheck(Map.of(), null);
		Instant started = Instant.parse("2026-12-01T09:00:00Z");
		DatabaseServer standby = new DatabaseServer("::1", 5433, started, true);
		DatabaseServer promoted = new DatabaseServer("::1", 5433, started, false);
		assertThat(check.observe("orders", standby)).isFalse();
		assertThat(check.observe("orders", promoted)).isFalse();
		assertThat(output).doesNotContain("WARN");
		assertThat(check.observe("orders", standby)).isFalse();
		assertThat(check.observe("orders", standby)).isFalse();
		assertThat(count(output, "Pool 'orders' reaches \\[::1\\]:5433 \\(standby, in recovery, up since "
				+ "2026-12-01T09:00:00Z\\), which was a primary\\. It is a standby, read-only")).isOne();
	}

	private static ConfigurableApplicationContext run(Map<String, Object> properties) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		Map<String, Object> defaults = new HashMap<>(properties);
		defaults.putAll(Map.of("db.pool-size", "2", "db.max-overflow", "0", "db.pool-timeout", "2",
				"db.connect-timeout", "1"));
		application.setDefaultProperties(defaults);
		return application.run();
	}

	private static long count(CapturedOutput output, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(output.toString());
		long count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	/** The application's requests meanwhile: a query every 50 ms, whatever it answers. */
	private static final class Traffic implements AutoCloseable {

		private final Thread thread;

		private volatile boolean running = true;

		Traffic(DataSource dataSource) {
			this.thread = new Thread(() -> {
				while (this.running) {
					try (Connection connection = dataSource.getConnection();
							Statement statement = connection.createStatement()) {
						statement.execute("select 1");
					}
					catch (SQLException ex) {
						// Expected while no server takes the pool's connections.
					}
					sleep();
				}
			}, "failover-traffic");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		private static void sleep() {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.running = false;
			this.thread.join(5_000);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MinimalApplication {

	}

}
