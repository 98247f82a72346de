package io.github.pooltune.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.pooltune.test.TestDatabase;
import io.github.pooltune.test.TestRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's password rotated on the real server while 4 clients call
 * {@code /api/roles} on a pool of 4: the sample's role (made by the test, its password
 * checked over TCP) gets a new password with {@code ALTER ROLE … PASSWORD}; the open
 * connections keep serving, and the first one HikariCP recycles
 * ({@code DB_POOL_RECYCLE=30}, its floor) cannot be replaced. pooltune says so at once:
 * one WARN, {@code connectionsRefused} on {@code pool} health while it stays UP, the
 * counter {@code db_pool_connections_refused_total}. {@link #HANDOVER} later the new
 * password is in the sample's password file, replaced in one step as a secret volume or
 * Vault Agent does, and the pool opens connections with it within HikariCP's back-off
 * and refills, without a restart. No request fails: a caller waits at most
 * {@code DB_POOL_TIMEOUT} (10 s, above the 2 s handover plus the 5 s back-off cap), and
 * its own timeout (30 s) is longer still. Prints the figures.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.embedded-database=false", "db.pool-size=4", "db.max-overflow=0", "db.pool-timeout=10",
				"db.pool-recycle=30",
				// Migrated below as the fixture's user: the role may only read api_keys.
				"spring.flyway.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class RotatedPasswordUnderLoadTests {

	static final int POOL_SIZE = 4;

	static final Duration POOL_TIMEOUT = Duration.ofSeconds(10);

	/** HikariCP retires a connection 22.5–30 s after it opened (pool-recycle 30 s, up to 25 % earlier). */
	static final Duration FIRST_RECYCLE_WITHIN = Duration.ofSeconds(45);

	/** How long the old password stays in the file after the first refusal, as a secret store takes to hand over. */
	static final Duration HANDOVER = Duration.ofSeconds(2);

	/**
	 * HikariCP's connection adder waits 10 ms, 20 ms, … doubling between failed attempts,
	 * at most 5 s: the wait it is in is about as long as the refusal has lasted so far.
	 * The next attempt reads the new password.
	 */
	static final Duration BACK_OFF_CAP = DatabaseAwayScenario.BACK_OFF_CAP;

	/** For one connect and the noise of a loaded 2-core machine. */
	static final Duration SLACK = Duration.ofSeconds(1);

	private static final TestDatabase database = TestDatabase.get();

	private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY = PosixFilePermissions
		.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

	private static final Pattern REFUSED_COUNTER = Pattern
		.compile("db_pool_connections_refused_total\\{[^}]*sqlstate=\"28P01\"[^}]*} ([0-9.E]+)");

	private static TestRole role;

	private static Path passwordFile;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws SQLException, IOException {
		role = SampleRole.create(database, "");
		Path directory = Files.createDirectories(Path.of("target"));
		passwordFile = Files.createTempFile(directory, "pooltune-db-password", "", OWNER_ONLY);
		writePassword(role.password());
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", role::name);
		// No spring.datasource.password: the pool's only source is the file.
		registry.add("sample.datasource.password-file", passwordFile::toString);
	}

	@AfterAll
	static void deletePasswordFile() throws IOException {
		Files.deleteIfExists(passwordFile);
	}

	@Test
	void thePoolRecoversWithTheNewPasswordAndNoRequestFails(CapturedOutput output) throws Exception {
		database.assumeChecksPasswords(role);
		SampleHttp http = new SampleHttp(this.port);
		assertThat(http.roles("demo-key-0001").statusCode()).isEqualTo(200);
		String rotated = "rotated-" + role.password();
		long refusedAfter = -1;
		long refusedFor;
		long openedAfter;
		long refusalEndedAfter = -1;
		long refilledAfter = -1;
		double refusedAttempts;
		int fewestConnections = POOL_SIZE;
		String refusalDetail = null;
		List<Load.Request> requests;
		try (Load load = Load.start(http, POOL_SIZE, Load.roles());
				Connection admin = database.connect()) {
			Thread.sleep(1_000);
			execute(admin, "alter role " + role.name() + " password '" + rotated + "'");
			long rotatedAt = System.nanoTime();
			// The open connections keep serving; the first one HikariCP recycles cannot be replaced.
			while (refusedAfter < 0 && millisSince(rotatedAt) < FIRST_RECYCLE_WITHIN.toMillis()) {
				JsonNode health = poolHealth(http);
				if (health.get("details").has("connectionsRefused")) {
					refusedAfter = millisSince(rotatedAt);
					refusalDetail = health.get("details").get("connectionsRefused").toString();
					// The connections it still holds serve.
					assertThat(health.get("status").asString()).isEqualTo("UP");
				}
				else {
					Thread.sleep(20);
				}
			}
			assertThat(refusedAfter).as("connectionsRefused on pool health, ms after the rotation").isNotNegative();
			long refusedAt = System.nanoTime();
			while (millisSince(refusedAt) < HANDOVER.toMillis()) {
				fewestConnections = Math.min(fewestConnections, totalConnections(http));
				Thread.sleep(20);
			}
			refusedAttempts = refusedAttempts(http);

			// What a secret volume or Vault Agent does: the new file replaces the old one in one step.
			Timestamp suppliedOnServer = serverTime(admin);
			writePassword(rotated);
			long suppliedAt = System.nanoTime();
			refusedFor = millisSince(refusedAt);
			openedAfter = firstSessionAfter(admin, suppliedOnServer, BACK_OFF_CAP.plus(SLACK).plusSeconds(5));
			while (millisSince(suppliedAt) < BACK_OFF_CAP.plus(SLACK).plusSeconds(5).toMillis()) {
				JsonNode health = poolHealth(http);
				int total = health.get("details").get("total_connections").asInt();
				fewestConnections = Math.min(fewestConnections, total);
				if (refusalEndedAfter < 0 && !health.get("details").has("connectionsRefused")) {
					refusalEndedAfter = millisSince(suppliedAt);
				}
				if (refusalEndedAfter >= 0 && total == POOL_SIZE) {
					refilledAfter = millisSince(suppliedAt);
					break;
				}
				Thread.sleep(20);
			}
			// The clients keep calling on the refilled pool.
			Thread.sleep(1_000);
			load.close();
			requests = load.requests();
		}

		List<Load.Request> failed = requests.stream().filter((request) -> !request.succeeded()).toList();
		Load.Request longest = requests.stream().max(Comparator.comparingLong(Load.Request::millis)).orElseThrow();
		List<String> warnings = output.getOut()
			.lines()
			.filter((line) -> line.contains(" WARN ") && line.contains("cannot open connections"))
			.map((line) -> line.replaceFirst("^.*? WARN ", "WARN "))
			.toList();
		String warn = warnings.isEmpty() ? null : warnings.get(0);
		long bound = Math.min(BACK_OFF_CAP.toMillis(), refusedFor) + SLACK.toMillis();
		System.out.printf("Password rotated (ALTER ROLE … PASSWORD) under load, %d clients on /api/roles (pool %d + 0, "
				+ "pool-timeout 10 s, pool-recycle 30 s): %d of %d requests failed: %s; longest request %d ms; "
				+ "connectionsRefused on pool health %d ms after the rotation (the first recycled connection), UP; "
				+ "the new password in the file %d ms later, %.0f refused attempts counted by then, the pool down to "
				+ "%d connections; first connection with the new password %d ms after it was in the file (the "
				+ "server's backend_start), connectionsRefused gone after %d ms, the pool at %d connections again "
				+ "after %d ms%n  refusal detail: %s%n  %s%n", POOL_SIZE, POOL_SIZE, failed.size(), requests.size(),
				Load.failures(requests), longest.millis(), refusedAfter, refusedFor, refusedAttempts,
				fewestConnections, openedAfter, refusalEndedAfter, POOL_SIZE, refilledAfter, refusalDetail, warn);

		assertThat(failed).as("failed requests").isEmpty();
		assertThat(longest.millis()).as("longest request, ms").isLessThanOrEqualTo(POOL_TIMEOUT.toMillis());
		assertThat(refusedAttempts).as("db_pool_connections_refused_total{sqlstate=28P01}").isPositive();
		assertThat(fewestConnections).as("connections while refused: the recycled ones were not replaced")
			.isLessThan(POOL_SIZE);
		assertThat(openedAfter).as("first connection with the new password, ms after it was in the file")
			.isBetween(0L, bound);
		assertThat(refusalEndedAfter).as("connectionsRefused gone, ms after the new password").isBetween(0L, bound);
		assertThat(refilledAfter).as("the pool refilled, ms after the new password").isNotNegative();
		assertThat(refusalDetail).contains("\"sqlState\":\"28P01\"").contains(role.name()).doesNotContain(rotated);
		assertThat(warn).as("pooltune's WARN")
			.isNotNull()
			.contains("HikariCP pool 'dataSource' cannot open connections: FATAL: password authentication failed for "
					+ "user \"" + role.name() + "\" (28P01)");
		assertThat(warnings).as("pooltune's WARNs").hasSize(1);
		assertThat(output.toString()).doesNotContain(role.password()).doesNotContain(rotated);
		assertThat(http.roles("demo-key-0002").statusCode()).isEqualTo(200);
	}

	private static JsonNode poolHealth(SampleHttp http) throws Exception {
		return SampleHttp.json(http.get("/actuator/health/pool"));
	}

	private static double refusedAttempts(SampleHttp http) throws Exception {
		Matcher counter = REFUSED_COUNTER.matcher(http.get("/actuator/prometheus").body());
		return counter.find() ? Double.parseDouble(counter.group(1)) : 0;
	}

	private static int totalConnections(SampleHttp http) throws Exception {
		return poolHealth(http).get("details").get("total_connections").asInt();
	}

	/** Replaces the file in one step, so the pool never reads half a password. */
	private static void writePassword(String password) throws IOException {
		Path next = Files.createTempFile(passwordFile.getParent(), "pooltune-db-password", ".next", OWNER_ONLY);
		Files.writeString(next, password + "\n");
		Files.move(next, passwordFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	private static Timestamp serverTime(Connection admin) throws SQLException {
		try (Statement statement = admin.createStatement();
				ResultSet result = statement.executeQuery("select clock_timestamp()")) {
			result.next();
			return result.getTimestamp(1);
		}
	}

	/**
	 * Waits for the first session of the sample's role that started after the given
	 * server time; returns how long after it started, by the server's clock, or -1.
	 */
	private static long firstSessionAfter(Connection admin, Timestamp since, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		try (PreparedStatement statement = admin.prepareStatement("select (extract(epoch from min(backend_start) - ?) "
				+ "* 1000)::bigint from pg_stat_activity where usename = ? and backend_start > ?")) {
			statement.setTimestamp(1, since);
			statement.setString(2, role.name());
			statement.setTimestamp(3, since);
			while (System.nanoTime() < deadline) {
				try (ResultSet result = statement.executeQuery()) {
					result.next();
					long millis = result.getLong(1);
					if (!result.wasNull()) {
						return millis;
					}
				}
				Thread.sleep(20);
			}
		}
		return -1;
	}

	private static void execute(Connection admin, String sql) throws SQLException {
		try (Statement statement = admin.createStatement()) {
			statement.execute(sql);
		}
	}

	private static long millisSince(long nanos) {
		return (System.nanoTime() - nanos) / 1_000_000;
	}

}
