package io.github.pooltune.autoconfigure.endpoint;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;

import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.autoconfigure.capacity.CapacityAutoConfiguration;
import io.github.pooltune.autoconfigure.endpoint.PooltuneEndpoint.PooltuneDescriptor;
import io.github.pooltune.autoconfigure.endpoint.PooltuneEndpoint.RefusedDescriptor;
import io.github.pooltune.autoconfigure.settings.Setting;
import io.github.pooltune.autoconfigure.tuning.LiveSettings;
import io.github.pooltune.autoconfigure.tuning.RuntimeTuningAutoConfiguration;
import io.github.pooltune.autoconfigure.tuning.TuningResult;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.OperationFilter;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.invoke.ParameterValueMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code pooltune} endpoint's write operation, {@code POST
 * /actuator/pooltune/{pool}}: Spring Boot's endpoint access rules decide whether it is
 * there at all, and what it changed shows with source {@code runtime}.
 *
 * @author pooltune
 */
class LiveTuningEndpointTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class,
				CapacityAutoConfiguration.class, RuntimeTuningAutoConfiguration.class,
				PooltuneEndpointAutoConfiguration.class, EndpointAutoConfiguration.class))
		// As SpringApplication converts: read-only is Access.READ_ONLY.
		.withInitializer((context) -> context.getEnvironment().setConversionService(new ApplicationConversionService()))
		.withPropertyValues(database.springDatasourceProperties())
		.withPropertyValues("management.endpoints.web.exposure.include=pooltune", "db.pool-size=2",
				"db.max-overflow=1", "db.capacity-check=fail");

	@Test
	void isReadOnlyUnlessAccessIsUnrestricted() {
		this.contextRunner.run((context) -> assertThat(operations(context)).containsExactlyInAnyOrder("READ pooltune",
				"READ pooltune/{section}"));
		this.contextRunner.withPropertyValues("management.endpoint.pooltune.access=read-only")
			.run((context) -> assertThat(operations(context)).doesNotContain("WRITE pooltune/{pool}"));
		this.contextRunner.withPropertyValues("management.endpoint.pooltune.access=unrestricted")
			.run((context) -> assertThat(operations(context)).contains("WRITE pooltune/{pool}"));
		this.contextRunner
			.withPropertyValues("management.endpoint.pooltune.access=unrestricted",
					"management.endpoints.access.max-permitted=read-only")
			.run((context) -> assertThat(operations(context)).doesNotContain("WRITE pooltune/{pool}"));
		this.contextRunner.withPropertyValues("management.endpoint.pooltune.access=none")
			.run((context) -> assertThat(context).doesNotHaveBean(PooltuneEndpoint.class));
	}

	@Test
	void showsEachChangedSettingWithSourceRuntime() {
		this.contextRunner.run((context) -> {
			PooltuneEndpoint endpoint = context.getBean(PooltuneEndpoint.class);
			WebEndpointResponse<?> response = tune(endpoint, "dataSource", "3", "4", null);
			assertThat(response.getStatus()).isEqualTo(200);
			TuningResult result = (TuningResult) response.getBody();
			assertThat(result.changes()).extracting(TuningResult.Change::setting).containsExactly("poolSize",
					"maxOverflow");
			PooltuneDescriptor descriptor = endpoint.pooltune();
			assertThat(descriptor.tuning().get("dataSource").settings().get("max-overflow"))
				.satisfies((setting) -> {
					assertThat(setting.value()).isEqualTo("4");
					assertThat(setting.source()).isEqualTo("runtime");
				});
			assertThat(descriptor.tuning().get("dataSource").settings().get("pool-size").source()).isEqualTo("runtime");
			assertThat(descriptor.tuning().get("dataSource").settings().get("pool-timeout").source())
				.isEqualTo("default");
			assertThat(descriptor.tuning().get("dataSource").maxConnections()).isEqualTo(7);
			assertThat(descriptor.settings().values().get("max-overflow").source()).isEqualTo("runtime");
			assertThat(descriptor.settings().maxConnections()).isEqualTo(7);
			assertThat(descriptor.hikari().get("dataSource").maximumPoolSize()).isEqualTo(7);
			assertThat(descriptor.hikari().get("dataSource").minimumIdle()).isEqualTo(3);
			assertThat(descriptor.pool().get("dataSource")).containsEntry("pool_size", 3).containsEntry("max_overflow", 4);
		});
	}

	@Test
	void answers400NamingTheSettingTheValueAndTheLimitAnd404ForAnUnknownPool() {
		this.contextRunner.run((context) -> {
			PooltuneEndpoint endpoint = context.getBean(PooltuneEndpoint.class);
			WebEndpointResponse<?> refused = tune(endpoint, "dataSource", null, "200", "false");
			assertThat(refused.getStatus()).isEqualTo(400);
			String json = JsonMapper.builder().build().writeValueAsString(refused.getBody());
			assertThat(json).contains("\"setting\":\"poolPrePing\"", "\"value\":\"false\"",
					"\"limit\":\"needs a restart");
			WebEndpointResponse<?> outOfRange = tune(endpoint, "dataSource", null, "200", null);
			assertThat(((RefusedDescriptor) outOfRange.getBody()).refused()).singleElement()
				.satisfies((refusal) -> assertThat(refusal.describe())
					.isEqualTo("maxOverflow 200: a whole number from 0 to 100"));
			assertThat(endpoint.pooltune().hikari().get("dataSource").maximumPoolSize()).isEqualTo(3);
			WebEndpointResponse<?> unknown = tune(endpoint, "nowhere", "3", null, null);
			assertThat(unknown.getStatus()).isEqualTo(404);
			assertThat(((RefusedDescriptor) unknown.getBody()).message()).isEqualTo("No pool named 'nowhere'; pools: "
					+ "dataSource");
		});
	}

	@Test
	void takesEveryPoolSettingByItsCamelCaseName() {
		Method write = Arrays.stream(PooltuneEndpoint.class.getMethods())
			.filter((method) -> method.isAnnotationPresent(WriteOperation.class))
			.findFirst()
			.orElseThrow();
		List<String> parameters = Arrays.stream(write.getParameters()).skip(1).map(Parameter::getName).toList();
		List<String> poolSettings = Setting.all()
			.stream()
			.filter(Setting::isPoolLevel)
			.map(LiveSettings::nameOf)
			.toList();
		assertThat(parameters).containsExactlyInAnyOrderElementsOf(poolSettings);
	}

	/**
	 * The endpoint's web operations as Spring Boot's web endpoint auto-configuration
	 * discovers them: filtered by the access its resolver grants.
	 */
	private static List<String> operations(AssertableApplicationContext context) {
		WebEndpointDiscoverer discoverer = new WebEndpointDiscoverer(context, context.getBean(ParameterValueMapper.class),
				EndpointMediaTypes.DEFAULT, List.of(), List.of(), List.of(), List.of(),
				List.of(OperationFilter.byAccess(context.getBean(EndpointAccessResolver.class))));
		return discoverer.getEndpoints()
			.stream()
			.filter((endpoint) -> endpoint.getEndpointId().toString().equals("pooltune"))
			.map(ExposableWebEndpoint::getOperations)
			.flatMap((operations) -> operations.stream())
			.map(LiveTuningEndpointTests::describe)
			.toList();
	}

	private static String describe(WebOperation operation) {
		String type = operation.getRequestPredicate().getHttpMethod().name().equals("POST") ? "WRITE" : "READ";
		return type + " " + operation.getRequestPredicate().getPath();
	}

	private static WebEndpointResponse<?> tune(PooltuneEndpoint endpoint, String pool, String poolSize,
			String maxOverflow, String poolPrePing) {
		return endpoint.tune(pool, poolSize, maxOverflow, null, null, null, poolPrePing, null, null, null, null, null,
				null, null, null, null);
	}

}
