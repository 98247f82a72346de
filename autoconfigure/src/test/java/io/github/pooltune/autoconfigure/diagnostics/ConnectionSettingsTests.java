package io.github.pooltune.autoconfigure.diagnostics;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.pooltune.autoconfigure.database.DatabaseUrlEnvironmentPostProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionSettings}: which setting to name, and no password shown.
 *
 * @author pooltune
 */
class ConnectionSettingsTests {

	@Test
	void masksEveryPasswordInTheUrl() {
		assertThat(ConnectionSettings.mask("jdbc:postgresql://h:1/db?user=app&password=S3cret&ssl=true"))
			.isEqualTo("jdbc:postgresql://h:1/db?user=app&password=******&ssl=true");
		assertThat(ConnectionSettings.mask("jdbc:postgresql://h/db?sslpassword=K3y&PASSWORD=S3cret"))
			.isEqualTo("jdbc:postgresql://h/db?sslpassword=******&PASSWORD=******");
		assertThat(ConnectionSettings.mask("jdbc:postgresql://app:p/w@ss@h:5432/db?sslmode=require"))
			.isEqualTo("jdbc:postgresql://app:******@h:5432/db?sslmode=require");
		assertThat(ConnectionSettings.mask("jdbc:postgresql://h:5432/db?user=app@tenant"))
			.isEqualTo("jdbc:postgresql://h:5432/db?user=app@tenant");
	}

	@Test
	void hostsPortsAndDatabaseFromTheUrl() {
		assertThat(settings("jdbc:postgresql://h:1/x").hostsAndPorts()).isEqualTo("h:1");
		assertThat(settings("jdbc:postgresql://h:1/x").database()).isEqualTo("x");
		assertThat(settings("jdbc:postgresql://h1:5432,h2:5433/x?user=u").hostsAndPorts())
			.isEqualTo("h1:5432,h2:5433");
		// The driver takes no URL without a / after the host: jdbc:postgresql://h/?… rather than //h?….
		assertThat(settings("jdbc:postgresql://h/?password=p").hostsAndPorts()).isEqualTo("h:5432");
		assertThat(settings("jdbc:postgresql://h/?password=p").database()).isNull();
		assertThat(settings("jdbc:postgresql://h?password=p").hostsAndPorts()).isNull();
		assertThat(settings("jdbc:postgresql://[::1]/x").hostsAndPorts()).isEqualTo("[::1]:5432");
		// The driver reads a URL without a host as localhost on its default port.
		assertThat(settings("jdbc:postgresql:x").hostsAndPorts()).isEqualTo("localhost:5432");
		assertThat(settings("jdbc:postgresql://h/my%20db").database()).isEqualTo("my db");
		assertThat(settings("jdbc:mysql://h:3306/x").hostsAndPorts()).isNull();
	}

	@Test
	void namesDatabaseUrlWhenPooltuneTookTheConnectionFromIt() {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> fromDatabaseUrl = new LinkedHashMap<>();
		fromDatabaseUrl.put("spring.datasource.url", "jdbc:postgresql://h:5432/orders");
		fromDatabaseUrl.put("spring.datasource.username", "app");
		fromDatabaseUrl.put("spring.datasource.password", "S3cret");
		environment.getPropertySources()
			.addLast(new MapPropertySource(DatabaseUrlEnvironmentPostProcessor.PROPERTY_SOURCE_NAME, fromDatabaseUrl));
		ConnectionSettings settings = ConnectionSettings.of(environment, false);
		assertThat(settings.urlSetting()).isEqualTo("DATABASE_URL");
		assertThat(settings.urlSettingAndOrigin()).isEqualTo("DATABASE_URL");
		assertThat(settings.credentialSettings()).startsWith("the user and password in DATABASE_URL");
	}

	@Test
	void namesSpringDatasourceAndWhereItIsSet() {
		ConnectionSettings settings = settings("jdbc:postgresql://h:5432/orders");
		assertThat(settings.urlSettingAndOrigin()).isEqualTo("spring.datasource.url (from test)");
		assertThat(settings.urlSource()).isEqualTo("spring.datasource.url, from test");
		assertThat(settings.credentialSettings())
			.startsWith("spring.datasource.username and spring.datasource.password");
	}

	@Test
	void namesFlywaysOwnSettingsWhenFlywayConnectsItself() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("spring.flyway.url", "jdbc:postgresql://migrations:5432/x",
					"spring.datasource.url", "jdbc:postgresql://h:5432/orders")));
		ConnectionSettings settings = ConnectionSettings.of(environment, true);
		assertThat(settings.url()).isEqualTo("jdbc:postgresql://migrations:5432/x");
		assertThat(settings.urlSetting()).isEqualTo("spring.flyway.url");
		assertThat(settings.credentialSettings()).isEqualTo("spring.flyway.user and spring.flyway.password");
	}

	private static ConnectionSettings settings(String url) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of("spring.datasource.url", url)));
		return ConnectionSettings.of(environment, false);
	}

}
