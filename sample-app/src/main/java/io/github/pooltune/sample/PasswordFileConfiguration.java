package io.github.pooltune.sample;

import java.nio.file.Path;

import com.zaxxer.hikari.HikariCredentialsProvider;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code sample.datasource.password-file} set ({@code SAMPLE_DATASOURCE_PASSWORD_FILE}),
 * the pool takes its password from that file for every new connection
 * ({@link PasswordFileCredentials}); the user stays {@code spring.datasource.username}.
 * The bean's name, {@code dataSourceCredentialsProvider}, binds it to Spring Boot's pool
 * {@code dataSource} (pooltune does that; Spring Boot does not).
 *
 * @author pooltune
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("sample.datasource.password-file")
class PasswordFileConfiguration {

	@Bean
	HikariCredentialsProvider dataSourceCredentialsProvider(DataSourceProperties properties,
			@Value("${sample.datasource.password-file}") Path file) {
		return new PasswordFileCredentials(properties.determineUsername(), file);
	}

}
