package io.github.pooltune.sample;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.pooltune.test.TestDatabase;
import io.github.pooltune.test.TestRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the packaged sample app in its own JVM with the five {@code DB_*} variables in
 * its real environment, and proves each took effect on the running pool: through the
 * server's {@code pg_stat_activity} and through {@code /actuator/pooltune}.
 *
 * @author pooltune
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnvironmentVariablesIT {

	private static final TestDatabase database = TestDatabase.get();

	private static final String APPLICATION_NAME = "pooltune-env-" + UUID.randomUUID().toString().substring(0, 8);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static TestRole role;

	private static Process app;

	private static Path log;

	private static int port;

	@BeforeAll
	static void startTheSampleWithRealEnvironmentVariables() throws Exception {
		role = database.createRole("");
		port = freePort();
		log = Files.createTempFile(Files.createDirectories(Path.of("target")), "pooltune-env-it", ".log");
		String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(javaBin, "-jar", System.getProperty("sample.jar"))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Map<String, String> environment = builder.environment();
		environment.keySet().removeIf((name) -> name.startsWith("DB_") || name.startsWith("SPRING_"));
		environment.put("DATABASE_URL", database.databaseUrl(role) + "?ApplicationName=" + APPLICATION_NAME);
		environment.put("SERVER_PORT", Integer.toString(port));
		environment.put("DB_POOL_SIZE", "7");
		environment.put("DB_MAX_OVERFLOW", "3");
		environment.put("DB_POOL_TIMEOUT", "4");
		environment.put("DB_POOL_RECYCLE", "600");
		environment.put("DB_POOL_PRE_PING", "false");
		app = builder.start();
		awaitHttp("/actuator/health", Duration.ofSeconds(60));
	}

	@AfterAll
	static void stop() throws Exception {
		if (app != null) {
			app.destroy();
			app.waitFor(20, TimeUnit.SECONDS);
		}
	}

	@Test
	@Order(1)
	void dbPoolSizeKeepsThatManyConnectionsOpenOnTheServer() throws Exception {
		assertThat(awaitServerConnections(7)).isEqualTo(7);
		assertThat(hikari().get("minimumIdle").asInt()).isEqualTo(7);
	}

	@Test
	@Order(2)
	void dbMaxOverflowLetsThePoolGrowToSizePlusOverflowAndNoFurther() throws Exception {
		assertThat(hikari().get("maximumPoolSize").asInt()).isEqualTo(10);
		List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
		for (int i = 0; i < 14; i++) {
			requests.add(http.sendAsync(get("/api/slow?ms=2500"), HttpResponse.BodyHandlers.ofString()));
		}
		int peak = 0;
		long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		while (System.nanoTime() < deadline) {
			peak = Math.max(peak, serverConnections());
			Thread.sleep(100);
		}
		assertThat(requests).allSatisfy((request) -> assertThat(request.join().statusCode()).isEqualTo(200));
		assertThat(peak).isEqualTo(10);
	}

	@Test
	void dbPoolTimeoutAndRecycleReachHikari() throws Exception {
		JsonNode hikari = hikari();
		assertThat(hikari.get("connectionTimeout").asLong()).isEqualTo(4_000);
		assertThat(hikari.get("maxLifetime").asLong()).isEqualTo(600_000);
	}

	@Test
	void dbPoolPrePingFalseTurnsOffTheBackgroundPing() throws Exception {
		assertThat(hikari().get("keepaliveTime").asLong()).isZero();
	}

	@Test
	void eachSettingNamesTheEnvironmentVariableItCameFrom() throws Exception {
		JsonNode values = pooltune().get("settings").get("values");
		assertThat(values.get("pool-size").get("source").asString()).isEqualTo("environment DB_POOL_SIZE");
		assertThat(values.get("max-overflow").get("source").asString()).isEqualTo("environment DB_MAX_OVERFLOW");
		assertThat(values.get("pool-timeout").get("source").asString()).isEqualTo("environment DB_POOL_TIMEOUT");
		assertThat(values.get("pool-recycle").get("source").asString()).isEqualTo("environment DB_POOL_RECYCLE");
		assertThat(values.get("pool-pre-ping").get("source").asString()).isEqualTo("environment DB_POOL_PRE_PING");
	}

	@Test
	void startupLineShowsTheEffectiveSettingsAndNoSecret() throws Exception {
		String output = Files.readString(log);
		assertThat(output).contains("Tuned HikariCP pool 'dataSource': pool-size=7 (environment DB_POOL_SIZE), "
				+ "max-overflow=3 (environment DB_MAX_OVERFLOW), pool-timeout=4s (environment DB_POOL_TIMEOUT), "
				+ "pool-recycle=600s (environment DB_POOL_RECYCLE), pool-pre-ping=false (environment DB_POOL_PRE_PING); "
				+ "at most 10 connections");
		assertThat(output).doesNotContain(role.password());
	}

	private static JsonNode hikari() throws Exception {
		return pooltune().get("hikari").get("dataSource");
	}

	private static JsonNode pooltune() throws Exception {
		HttpResponse<String> response = http.send(get("/actuator/pooltune"), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return JsonMapper.builder().build().readTree(response.body());
	}

	/**
	 * Flyway holds two connections at once while it migrates at start-up, so the pool may
	 * open one or two beyond DB_POOL_SIZE then; HikariCP closes them once idle for
	 * idleTimeout (10 s), checked every 30 s.
	 */
	private static int awaitServerConnections(int expected) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
		int connections = serverConnections();
		while (connections != expected && System.nanoTime() < deadline) {
			Thread.sleep(100);
			connections = serverConnections();
		}
		return connections;
	}

	private static int serverConnections() throws Exception {
		try (Connection admin = database.connect();
				PreparedStatement statement = admin
					.prepareStatement("select count(*) from pg_stat_activity where application_name = ?")) {
			statement.setString(1, APPLICATION_NAME);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	private static HttpRequest get(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.build();
	}

	private static void awaitHttp(String path, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!app.isAlive()) {
				throw new IllegalStateException("The sample app stopped:\n" + Files.readString(log));
			}
			try {
				if (http.send(get(path), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("The sample app did not answer in " + timeout + ":\n" + Files.readString(log));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static {
		// Fail early with a clear message if run outside Maven's integration-test phase.
		String jar = System.getProperty("sample.jar");
		if (jar == null || !new File(jar).isFile()) {
			throw new IllegalStateException("sample.jar is not set to the packaged sample app; run ./mvnw verify");
		}
	}

}
