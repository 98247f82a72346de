package io.github.pooltune.test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;

/**
 * A program some tests need that Maven cannot bring (PgBouncer, promtool), and where it
 * comes from: the program named by its environment variable, else a container when a
 * Docker engine answers, else the machine's (the usual install paths, then the
 * {@code PATH}). When none is there the test is skipped with one line that names the
 * program and how to install it, unless the run requires every program ({@code CI=true},
 * or {@code -Dpooltune.tests.require-tools=true}): then it fails.
 *
 * @author pooltune
 */
public final class TestProgram {

	/** PgBouncer, for the tests that put a real one in front of the test server. */
	public static final TestProgram PGBOUNCER = new TestProgram("PgBouncer", "pgbouncer", "PGBOUNCER",
			List.of("/usr/sbin/pgbouncer", "/usr/local/sbin/pgbouncer", "/usr/local/bin/pgbouncer",
					"/opt/homebrew/bin/pgbouncer"),
			"apt-get install pgbouncer; macOS: brew install pgbouncer");

	/** Prometheus' promtool, for the tests of the alert rules and the dashboard's queries. */
	public static final TestProgram PROMTOOL = new TestProgram("promtool", "promtool", "PROMTOOL",
			List.of("/usr/bin/promtool", "/usr/local/bin/promtool", "/opt/homebrew/bin/promtool"),
			"apt-get install prometheus; macOS: brew install prometheus");

	/** The system property that makes a missing program fail the run instead of skipping its tests. */
	public static final String REQUIRE_PROPERTY = "pooltune.tests.require-tools";

	private final String name;

	private final String executable;

	private final String variable;

	private final List<String> knownLocations;

	private final String howToInstall;

	TestProgram(String name, String executable, String variable, List<String> knownLocations,
			String howToInstall) {
		this.name = name;
		this.executable = executable;
		this.variable = variable;
		this.knownLocations = knownLocations;
		this.howToInstall = howToInstall;
	}

	/** Where the program of a test comes from. */
	public sealed interface Source permits Binary, Container {

	}

	/** A binary on this machine. */
	public record Binary(Path path) implements Source {

	}

	/** A container, since a Docker engine answers. */
	public record Container() implements Source {

	}

	/**
	 * The program for this run.
	 * @throws TestAbortedException when there is none and the run does not require it,
	 * which skips the test
	 * @throws IllegalStateException when there is none and the run requires it, or the
	 * environment variable names a file that is not executable
	 */
	public Source resolve() {
		return resolve(System.getenv(), DockerClientFactory.instance().isDockerAvailable(), required(System.getenv()));
	}

	Source resolve(Map<String, String> environment, boolean dockerAnswers, boolean required) {
		Path configured = configured(environment);
		if (configured != null) {
			return new Binary(configured);
		}
		if (dockerAnswers) {
			return new Container();
		}
		Path installed = installed(environment);
		if (installed != null) {
			return new Binary(installed);
		}
		String message = this.name + " is not installed and no Docker engine answers: install it (Debian/Ubuntu: "
				+ this.howToInstall + "), or set " + this.variable + " to its binary";
		if (required) {
			throw new IllegalStateException(message + ". This run requires every program the tests need (CI=true or -D"
					+ REQUIRE_PROPERTY + "=true). Looked in " + String.join(", ", this.knownLocations)
					+ " and on the PATH.");
		}
		throw new TestAbortedException(message);
	}

	/** Whether a missing program fails the run: {@code CI=true} or the system property. */
	static boolean required(Map<String, String> environment) {
		return "true".equalsIgnoreCase(environment.get("CI")) || Boolean.getBoolean(REQUIRE_PROPERTY);
	}

	private @Nullable Path configured(Map<String, String> environment) {
		String configured = environment.get(this.variable);
		if (configured == null || configured.isBlank()) {
			return null;
		}
		Path path = Path.of(configured);
		if (!isExecutableFile(path)) {
			throw new IllegalStateException(this.variable + " is " + configured + ", which is not an executable file");
		}
		return path;
	}

	private Path installed(Map<String, String> environment) {
		List<Path> candidates = new ArrayList<>();
		this.knownLocations.forEach((location) -> candidates.add(Path.of(location)));
		for (String directory : environment.getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (!directory.isEmpty()) {
				candidates.add(Path.of(directory, this.executable));
			}
		}
		return candidates.stream().filter(TestProgram::isExecutableFile).findFirst().orElse(null);
	}

	private static boolean isExecutableFile(Path path) {
		return Files.isRegularFile(path) && Files.isExecutable(path);
	}

	@Override
	public String toString() {
		return this.name;
	}

}
