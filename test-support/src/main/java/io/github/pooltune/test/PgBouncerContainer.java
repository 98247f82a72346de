package io.github.pooltune.test;

import java.util.Set;
import java.util.function.Function;

import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;

/**
 * PgBouncer in a container, for machines where Docker answers and PgBouncer is not
 * installed. A test server on this machine is reached through Testcontainers' host
 * access ({@code host.testcontainers.internal}).
 *
 * @author pooltune
 */
final class PgBouncerContainer implements PgBouncer.Running {

	/** The image; {@code -Dpooltune.tests.pgbouncer-image=…} picks another one. */
	static final String IMAGE = System.getProperty("pooltune.tests.pgbouncer-image", "edoburu/pgbouncer:latest");

	private static final int PORT = 6432;

	private static final String DIRECTORY = "/tmp/pooltune-pgbouncer";

	private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1");

	private final GenericContainer<?> container;

	private PgBouncerContainer(GenericContainer<?> container) {
		this.container = container;
	}

	@SuppressWarnings("resource")
	static PgBouncerContainer start(TestDatabase database,
			Function<PgBouncer.Listen, PgBouncer.Configuration> configuration) {
		String serverHost = database.host();
		if (LOOPBACK.contains(serverHost)) {
			Testcontainers.exposeHostPorts(database.port());
			serverHost = "host.testcontainers.internal";
		}
		PgBouncer.Configuration files = configuration.apply(
				new PgBouncer.Listen("0.0.0.0", PORT, serverHost, database.port(), DIRECTORY + "/userlist.txt"));
		GenericContainer<?> container = new GenericContainer<>(IMAGE)
			.withCopyToContainer(Transferable.of(files.ini(), 0644), DIRECTORY + "/pgbouncer.ini")
			.withCopyToContainer(Transferable.of(files.userlist(), 0644), DIRECTORY + "/userlist.txt")
			.withCreateContainerCmdModifier((command) -> command.withEntrypoint("pgbouncer"))
			.withCommand(DIRECTORY + "/pgbouncer.ini")
			.withExposedPorts(PORT)
			.withAccessToHost(true)
			.waitingFor(Wait.forListeningPort());
		try {
			container.start();
		}
		catch (RuntimeException ex) {
			String log = container.isCreated() ? container.getLogs() : "";
			container.stop();
			throw new IllegalStateException("PgBouncer exited at start-up (" + IMAGE + "): " + ex.getMessage()
					+ "\n" + log, ex);
		}
		return new PgBouncerContainer(container);
	}

	@Override
	public String host() {
		return this.container.getHost();
	}

	@Override
	public int port() {
		return this.container.getMappedPort(PORT);
	}

	@Override
	public String log() {
		return this.container.getLogs();
	}

	@Override
	public void stop() {
		this.container.stop();
	}

}
