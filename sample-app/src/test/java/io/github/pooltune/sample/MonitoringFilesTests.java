package io.github.pooltune.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.pooltune.test.Promtool;
import io.github.pooltune.test.RequiresProgram;
import io.github.pooltune.test.RequiresProgram.Program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules in {@code monitoring/prometheus} and the Grafana dashboard in
 * {@code monitoring/grafana}: promtool checks the rules and runs their unit tests, the
 * dashboard's queries must be valid PromQL, and every series either of them names must be
 * in a live scrape of the sample app after real load, so a renamed meter breaks the build
 * instead of silencing an alert.
 * <p>
 * The pool is made small here (2 + 2 connections, 2 s pool timeout) so that a handful of
 * requests fill it, make threads wait and let borrows time out.
 *
 * @author pooltune
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,pooltune,prometheus", "db.pool-size=2",
				"db.max-overflow=2", "db.pool-timeout=2" })
class MonitoringFilesTests {

	private static final Path ALERTS = Path.of("monitoring", "prometheus", "pooltune-alerts.yml");

	private static final Path ALERT_TESTS = Path.of("monitoring", "prometheus", "pooltune-alerts.test.yml");

	private static final Path DASHBOARD = Path.of("monitoring", "grafana", "pooltune-dashboard.json");

	private static final Pattern METRIC_NAME = Pattern.compile("\\b((?:db_pool|db_fleet|hikaricp)_[a-z0-9_]+)\\b");

	private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.+),\\s*\\w+\\s*\\)\\s*$",
			Pattern.DOTALL);

	private static final Pattern SAMPLE_LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

	private static final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SampleDatabase.register(registry);
	}

	@LocalServerPort
	private int port;

	@Test
	@RequiresProgram(Program.PROMTOOL)
	void alertRulesPassPromtoolCheck() throws Exception {
		Promtool.Result result = Promtool.run(repositoryRoot().resolve(ALERTS).getParent(), "check", "rules",
				ALERTS.getFileName().toString());
		assertThat(result.exitCode()).as("promtool check rules %s:%n%s", ALERTS, result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: 5 rules found");
	}

	@Test
	@RequiresProgram(Program.PROMTOOL)
	void alertRulesPassTheirUnitTests() throws Exception {
		Promtool.Result result = Promtool.run(repositoryRoot().resolve(ALERT_TESTS).getParent(), "test", "rules",
				ALERT_TESTS.getFileName().toString());
		assertThat(result.exitCode()).as("promtool test rules %s:%n%s", ALERT_TESTS, result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	/**
	 * promtool parses each panel query as the expression of a recording rule; of a
	 * variable's {@code label_values(selector, label)}, Grafana's own function, the selector.
	 */
	@Test
	@RequiresProgram(Program.PROMTOOL)
	void dashboardQueriesAreValidPromql(@TempDir Path directory) throws Exception {
		List<Map<String, Object>> rules = new ArrayList<>();
		for (String query : dashboardQueries(repositoryRoot())) {
			Matcher labelValues = LABEL_VALUES.matcher(query);
			Map<String, Object> rule = new LinkedHashMap<>();
			rule.put("record", "pooltune_dashboard_query_" + (rules.size() + 1));
			rule.put("expr", (labelValues.matches() ? labelValues.group(1) : query).replace("$__rate_interval", "5m")
				.replace("$__interval", "1m"));
			rules.add(rule);
		}
		assertThat(rules).isNotEmpty();
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		Path file = directory.resolve("dashboard-queries.yml");
		Files.writeString(file, new Yaml(options).dump(Map.of("groups", List.of(Map.of("name", "dashboard",
				"rules", rules)))));
		Promtool.Result result = Promtool.run(directory, "check", "rules", file.getFileName().toString());
		assertThat(result.exitCode()).as("promtool check rules on the dashboard's queries (%s):%n%s%n%s", DASHBOARD,
				result.output(), Files.readString(file)).isZero();
	}

	@Test
	void dashboardUsesTheDatasourceVariableAndFiltersOnPoolAndInstance() throws Exception {
		JsonNode dashboard = JsonMapper.builder().build().readTree(repositoryRoot().resolve(DASHBOARD).toFile());
		Map<String, String> variables = new LinkedHashMap<>();
		dashboard.get("templating").get("list").forEach((variable) -> variables.put(
				variable.get("name").asString(), variable.get("type").asString()));
		assertThat(variables).containsEntry("DS_PROMETHEUS", "datasource")
			.containsEntry("pool", "query")
			.containsEntry("instance", "query");
		List<JsonNode> panels = new ArrayList<>();
		collectPanels(dashboard.get("panels"), panels);
		assertThat(panels).isNotEmpty();
		for (JsonNode panel : panels) {
			assertThat(panel.get("datasource").get("uid").asString()).as(panel.get("title").asString())
				.isEqualTo("${DS_PROMETHEUS}");
			assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
			for (JsonNode target : panel.get("targets")) {
				assertThat(target.get("expr").asString()).as(panel.get("title").asString())
					.contains("pool=~\"$pool\"")
					.contains("instance=~\"$instance\"");
			}
		}
	}

	@Test
	void everySeriesTheAlertsAndTheDashboardUseIsExported() throws Exception {
		Path root = repositoryRoot();
		Set<String> used = new TreeSet<>();
		alertExpressions(root).forEach((expr) -> used.addAll(metricNames(expr)));
		dashboardQueries(root).forEach((expr) -> used.addAll(metricNames(expr)));
		assertThat(used).contains("db_pool_utilization", "db_pool_timeouts_total", "db_pool_waiting_threads",
				"hikaricp_connections_usage_seconds_bucket", "hikaricp_connections_acquire_seconds_count",
				"db_fleet_headroom_connections", "db_fleet_instances");

		LoadResult load = loadThePool();
		assertThat(load.maxCheckedOut()).as("connections seen checked out under load").isPositive();
		assertThat(load.maxWaiting()).as("threads seen waiting under load").isPositive();
		assertThat(load.failed()).as("requests that failed when their borrow timed out").isPositive();

		String scrape = get("/actuator/prometheus");
		Set<String> exported = seriesNames(scrape);
		assertThat(exported).as("series in /actuator/prometheus").contains("db_pool_utilization");
		Set<String> missing = new TreeSet<>(used);
		missing.removeAll(exported);
		assertThat(missing)
			.as("series used by %s or %s but not exported at /actuator/prometheus, which has %s", ALERTS, DASHBOARD,
					exported.stream().filter((name) -> METRIC_NAME.matcher(name).matches()).toList())
			.isEmpty();
		assertThat(sampleValue(scrape, "db_pool_timeouts_total", Double.NaN))
			.as("db_pool_timeouts_total after the load")
			.isGreaterThanOrEqualTo(1);
	}

	/**
	 * Holds more connections than the pool may open, for longer than the pool timeout: the
	 * pool fills, the extra borrows wait and time out. Scrapes the gauges meanwhile.
	 */
	private LoadResult loadThePool() throws Exception {
		int poolMax = 4;
		List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
		for (int i = 0; i < poolMax + 2; i++) {
			requests.add(http.sendAsync(request("/api/slow?ms=4000"), HttpResponse.BodyHandlers.ofString()));
		}
		CompletableFuture<Void> all = CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new));
		double maxCheckedOut = 0;
		double maxWaiting = 0;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!all.isDone() && System.nanoTime() < deadline) {
			// The pool starts on the first borrow and registers its meters one by one.
			String scrape = get("/actuator/prometheus");
			maxCheckedOut = Math.max(maxCheckedOut, sampleValue(scrape, "db_pool_checked_out_connections", 0));
			maxWaiting = Math.max(maxWaiting, sampleValue(scrape, "db_pool_waiting_threads", 0));
			Thread.sleep(50);
		}
		all.get(30, TimeUnit.SECONDS);
		long failed = requests.stream().filter((request) -> request.join().statusCode() != 200).count();
		return new LoadResult(maxCheckedOut, maxWaiting, failed);
	}

	private static Set<String> metricNames(String expression) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = METRIC_NAME.matcher(expression);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	private static Set<String> seriesNames(String scrape) {
		Set<String> names = new TreeSet<>();
		for (String line : scrape.split("\n")) {
			Matcher matcher = SAMPLE_LINE.matcher(line);
			if (matcher.find()) {
				names.add(matcher.group(1));
			}
		}
		return names;
	}

	/** The value of a series of the sample app's one pool, or {@code absent}. */
	private static double sampleValue(String scrape, String name, double absent) {
		for (String line : scrape.split("\n")) {
			if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
				String[] parts = line.trim().split(" ");
				return Double.parseDouble(parts[parts.length - 1]);
			}
		}
		return absent;
	}

	@SuppressWarnings("unchecked")
	private static List<String> alertExpressions(Path root) throws IOException {
		Map<String, Object> rules;
		try (InputStream input = Files.newInputStream(root.resolve(ALERTS))) {
			rules = new Yaml().load(input);
		}
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				expressions.add(String.valueOf(rule.get("expr")));
			}
		}
		assertThat(expressions).as("expr fields in %s", ALERTS).isNotEmpty();
		return expressions;
	}

	/** Every panel target's {@code expr} (panels in rows too) and every variable query. */
	private static List<String> dashboardQueries(Path root) {
		JsonNode dashboard = JsonMapper.builder().build().readTree(root.resolve(DASHBOARD).toFile());
		List<JsonNode> panels = new ArrayList<>();
		collectPanels(dashboard.get("panels"), panels);
		List<String> queries = new ArrayList<>();
		for (JsonNode panel : panels) {
			if (panel.has("targets")) {
				panel.get("targets").forEach((target) -> queries.add(target.get("expr").asString()));
			}
		}
		dashboard.get("templating").get("list").forEach((variable) -> {
			JsonNode query = variable.get("query");
			if ("query".equals(variable.get("type").asString())) {
				queries.add(query.isObject() ? query.get("query").asString() : query.asString());
			}
		});
		assertThat(queries).as("panel and variable queries in %s", DASHBOARD).isNotEmpty();
		return queries;
	}

	private static void collectPanels(JsonNode panels, List<JsonNode> into) {
		if (panels == null) {
			return;
		}
		for (JsonNode panel : panels) {
			if ("row".equals(panel.path("type").asString())) {
				collectPanels(panel.get("panels"), into);
			}
			else {
				into.add(panel);
			}
		}
	}

	/** The checkout these tests run in: the first directory up from here with the monitoring files. */
	private static Path repositoryRoot() {
		Path start = Path.of("").toAbsolutePath();
		for (Path directory = start; directory != null; directory = directory.getParent()) {
			if (Files.isRegularFile(directory.resolve(ALERTS)) && Files.isRegularFile(directory.resolve("mvnw"))) {
				return directory;
			}
		}
		throw new AssertionError("No " + ALERTS + " in " + start + " or any directory above it");
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = http.send(request(path), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
		return response.body();
	}

	private HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build();
	}

	private record LoadResult(double maxCheckedOut, double maxWaiting, long failed) {
	}

}
