package io.github.pooltune.sample;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.github.pooltune.test.TestDatabase;
import io.github.pooltune.test.TestRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database password never shows: the packaged sample runs in its own JVM with a
 * password no other text holds, given inside {@code DATABASE_URL} and as
 * {@code spring.datasource.password}, with HikariCP and pooltune logging at DEBUG; the
 * test greps its whole log, the actuator endpoints, every kind of error answer (401, 404,
 * 400, 503 for an exhausted pool and for a database that refuses the app) and the failure
 * analyses of a bad {@code DB_POOL_SIZE} and a bad {@code DATABASE_URL}.
 *
 * @author pooltune
 */
class SecretsIT {

	private static final TestDatabase database = TestDatabase.get();

	private static final String TOKEN = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	/** With characters a URL must encode, so both spellings are looked for. */
	private static final String PASSWORD = "Sekr1t@pw:" + TOKEN + "/%#";

	private static final String DATABASE = "pooltune_secrets_" + UUID.randomUUID().toString().substring(0, 8);

	private static TestRole role;

	@BeforeAll
	static void roleWithTheUniquePasswordAndADatabaseOfItsOwn() throws Exception {
		role = database.createRole("");
		admin("alter role " + role.name() + " password '" + PASSWORD + "'");
		admin("create database " + DATABASE + " owner " + role.name());
	}

	@AfterAll
	static void dropDatabase() throws Exception {
		admin("drop database if exists " + DATABASE + " with (force)");
	}

	@Test
	void passwordInDatabaseUrlShowsNowhere() throws Exception {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("DATABASE_URL", databaseUrl());
		environment.put("DB_POOL_SIZE", "1");
		environment.put("DB_MAX_OVERFLOW", "1");
		environment.put("DB_POOL_TIMEOUT", "1");
		environment.put("LOGGING_LEVEL_COM_ZAXXER_HIKARI", "DEBUG");
		environment.put("LOGGING_LEVEL_IO_GITHUB_POOLTUNE", "DEBUG");
		List<String> answers = new ArrayList<>();
		String log;
		try (SampleJvm app = SampleJvm.start(environment)) {
			SampleHttp http = app.http();
			answers.add(expect(http.roles("demo-key-0001"), 200));
			answers.add(expect(http.roles("demo-key-9999"), 401));
			answers.add(expect(http.get("/api/roles"), 401));
			answers.add(expect(http.get("/api/nothing-here"), 404));
			answers.add(expect(http.get("/api/slow?ms=abc"), 400));
			answers.addAll(endpoints(http));
			answers.add(expect(whilePoolIsExhausted(http), 503));
			admin("alter role " + role.name() + " nologin");
			try {
				admin("select pg_terminate_backend(pid) from pg_stat_activity where usename = '" + role.name() + "'");
				answers.add(expect(http.roles("demo-key-0001"), 503));
				answers.add(expect(http.roles("demo-key-0001"), 503));
				answers.add(http.get("/health").body());
				answers.add(http.get("/actuator/health").body());
			}
			finally {
				admin("alter role " + role.name() + " login");
			}
			log = app.output();
		}
		assertThat(log).contains("Tuned HikariCP pool 'dataSource'")
			.contains("answered 503 (pool exhausted)")
			.contains("answered 503 (database unreachable)");
		assertNoPassword("the log", log);
		assertNoPassword("the HTTP answers", String.join("\n", answers));
		System.out.printf("Secrets (DATABASE_URL): the password is in none of %d log lines and %d HTTP answers%n",
				log.lines().count(), answers.size());
	}

	@Test
	void springDatasourcePasswordShowsNowhere() throws Exception {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://" + database.host() + ":" + database.port() + "/"
				+ DATABASE);
		environment.put("SPRING_DATASOURCE_USERNAME", role.name());
		environment.put("SPRING_DATASOURCE_PASSWORD", PASSWORD);
		environment.put("LOGGING_LEVEL_COM_ZAXXER_HIKARI", "DEBUG");
		List<String> answers = new ArrayList<>();
		String log;
		try (SampleJvm app = SampleJvm.start(environment)) {
			SampleHttp http = app.http();
			answers.add(expect(http.roles("demo-key-0002"), 200));
			answers.add(expect(http.get("/api/nothing-here"), 404));
			answers.addAll(endpoints(http));
			log = app.output();
		}
		assertNoPassword("the log", log);
		assertNoPassword("the HTTP answers", String.join("\n", answers));
		System.out.printf("Secrets (spring.datasource.password): the password is in none of %d log lines and %d "
				+ "HTTP answers%n", log.lines().count(), answers.size());
	}

	@Test
	void failureAnalysesShowNoPassword() throws Exception {
		String badPoolSize = SampleJvm.runToExit(Map.of("DATABASE_URL", databaseUrl(), "DB_POOL_SIZE", "abc",
				"SPRING_DATASOURCE_PASSWORD", PASSWORD));
		assertThat(badPoolSize).contains("APPLICATION FAILED TO START").contains("DB_POOL_SIZE (db.pool-size)");
		assertNoPassword("the analysis of a bad DB_POOL_SIZE", badPoolSize);

		String badUrl = SampleJvm.runToExit(Map.of("DATABASE_URL", "mysql://" + role.name() + ":"
				+ encode(PASSWORD) + "@" + database.host() + ":" + database.port() + "/" + DATABASE));
		assertThat(badUrl).contains("APPLICATION FAILED TO START").contains("DATABASE_URL");
		assertNoPassword("the analysis of a bad DATABASE_URL", badUrl);

		String unparsable = SampleJvm.runToExit(Map.of("DATABASE_URL", "postgresql://" + role.name() + ":"
				+ PASSWORD + "@" + database.host() + ":" + database.port() + "/" + DATABASE));
		assertThat(unparsable).contains("APPLICATION FAILED TO START");
		assertNoPassword("the analysis of a DATABASE_URL with an unencoded password", unparsable);
		System.out.println("Secrets: the password is in none of 3 failure analyses (bad DB_POOL_SIZE, a mysql:// "
				+ "DATABASE_URL, a DATABASE_URL with the password not percent-encoded)");
	}

	private static List<String> endpoints(SampleHttp http) throws Exception {
		List<String> answers = new ArrayList<>();
		for (String path : List.of("/health", "/actuator/health", "/actuator/health/pool", "/actuator/pooltune",
				"/actuator/pooltune/capacity?instances=2", "/actuator/prometheus")) {
			answers.add(expect(http.get(path), 200));
		}
		return answers;
	}

	/** Both connections held by slow requests, one more request times out in the pool. */
	private static HttpResponse<String> whilePoolIsExhausted(SampleHttp http) throws Exception {
		List<CompletableFuture<Void>> slow = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			slow.add(CompletableFuture.runAsync(() -> {
				try {
					http.get("/api/slow?ms=2500");
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}));
		}
		Thread.sleep(500);
		HttpResponse<String> response = http.roles("demo-key-0001");
		CompletableFuture.allOf(slow.toArray(CompletableFuture[]::new)).join();
		return response;
	}

	/** The answer's status line, headers and body, after checking its status. */
	private static String expect(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isEqualTo(status);
		return response.statusCode() + " " + response.headers().map() + " " + response.body();
	}

	private static void assertNoPassword(String where, String text) {
		assertThat(text).as(where).doesNotContain(PASSWORD).doesNotContain(encode(PASSWORD)).doesNotContain(TOKEN);
	}

	private static String databaseUrl() {
		return "postgresql://" + role.name() + ":" + encode(PASSWORD) + "@" + database.host() + ":" + database.port()
				+ "/" + DATABASE;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static void admin(String sql) throws Exception {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
