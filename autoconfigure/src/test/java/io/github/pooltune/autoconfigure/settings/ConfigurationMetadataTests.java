package io.github.pooltune.autoconfigure.settings;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE metadata that Spring Boot's configuration processor generates: every
 * {@code db.*} setting is there with a description, a default where it has one, and the
 * enumerated values as hints.
 *
 * @author pooltune
 */
class ConfigurationMetadataTests {

	@Test
	void everySettingHasADescriptionAndItsDefault() throws Exception {
		JsonNode metadata = pooltuneMetadata();
		for (PoolSetting setting : PoolSetting.values()) {
			JsonNode property = find(metadata.get("properties"), setting.property());
			assertThat(property).as(setting.property()).isNotNull();
			assertThat(property.get("description").asString()).as(setting.property())
				.contains(setting.environmentVariable());
			if (setting != PoolSetting.PRESET && setting != PoolSetting.POOL_KEEPALIVE) {
				assertThat(property.get("defaultValue")).as(setting.property() + " default").isNotNull();
			}
		}
		assertThat(find(metadata.get("properties"), "db.pool-size").get("defaultValue").asInt()).isEqualTo(5);
		assertThat(find(metadata.get("properties"), "db.pool-timeout").get("defaultValue").asString())
			.isEqualTo("30s");
		assertThat(find(metadata.get("properties"), "db.instances").get("defaultValue").asInt()).isEqualTo(1);
		assertThat(find(metadata.get("properties"), "db.capacity-check").get("defaultValue").asString())
			.isEqualTo("warn");
		assertThat(find(metadata.get("properties"), "db.pgbouncer").get("defaultValue").asString()).isEqualTo("auto");
		JsonNode pools = find(metadata.get("properties"), PoolSetting.SECTIONS);
		assertThat(pools.get("type").asString()).contains(PoolProperties.class.getName());
		assertThat(pools.get("description").asString()).contains("DB_POOLS_<BEANNAME>_POOL_SIZE");
	}

	@Test
	void enumeratedValuesHaveHints() throws Exception {
		JsonNode hints = pooltuneMetadata().get("hints");
		assertThat(values(find(hints, "db.preset"))).containsExactly("local", "staging", "production");
		assertThat(values(find(hints, "db.pool-recycle"))).contains("-1");
		assertThat(values(find(hints, "db.pool-pre-ping"))).containsExactly("true", "false");
		assertThat(values(find(hints, "db.capacity-check"))).containsExactly("warn", "fail", "off");
		assertThat(values(find(hints, "db.pgbouncer"))).containsExactly("auto", "transaction", "fail", "off");
	}

	private static JsonNode pooltuneMetadata() throws Exception {
		for (URL url : Collections.list(ConfigurationMetadataTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream stream = url.openStream()) {
				JsonNode metadata = JsonMapper.builder().build().readTree(stream);
				if (find(metadata.get("properties"), "db.pool-size") != null) {
					return metadata;
				}
			}
		}
		throw new AssertionError("No generated metadata holds db.pool-size");
	}

	private static JsonNode find(JsonNode entries, String name) {
		for (JsonNode entry : entries) {
			if (name.equals(entry.get("name").asString())) {
				return entry;
			}
		}
		return null;
	}

	private static List<String> values(JsonNode hint) {
		List<String> values = new ArrayList<>();
		hint.get("values").forEach((value) -> values.add(value.get("value").asString()));
		return values;
	}

}
