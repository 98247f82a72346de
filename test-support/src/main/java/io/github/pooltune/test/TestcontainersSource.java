package io.github.pooltune.test;

import java.util.Map;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A {@code postgres:17-alpine} container, when a Docker engine answers. Without one it
 * passes to the next source: a missing Docker never turns tests into skips.
 *
 * @author pooltune
 */
final class TestcontainersSource implements PostgresSource {

	static final String IMAGE = "postgres:17-alpine";

	@Override
	public String name() {
		return "Testcontainers";
	}

	@Override
	@SuppressWarnings("resource")
	public PostgresServer start(Map<String, String> environment) throws Unavailable {
		if (!DockerClientFactory.instance().isDockerAvailable()) {
			throw new Unavailable("no Docker engine answers");
		}
		PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
		try {
			container.start();
		}
		catch (RuntimeException ex) {
			throw new Unavailable("the " + IMAGE + " container did not start", ex);
		}
		return new PostgresServer(name(), container.getHost(), container.getFirstMappedPort(),
				container.getUsername(), container.getPassword(), container.getDatabaseName(), container::stop);
	}

}
