package io.github.pooltune.sample;

import java.util.function.Supplier;

import io.github.pooltune.test.TestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a {@code @SpringBootTest} of the sample at the shared test database.
 *
 * @author pooltune
 */
final class SampleDatabase {

	private SampleDatabase() {
	}

	/** The fixture's database, as it is. */
	static void register(DynamicPropertyRegistry registry) {
		register(registry, TestDatabase.get()::jdbcUrl);
	}

	/** The fixture's credentials, with a URL of the test's own (through a relay, say). */
	static void register(DynamicPropertyRegistry registry, Supplier<Object> url) {
		TestDatabase database = TestDatabase.get();
		registry.add("spring.datasource.url", url);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
	}

}
