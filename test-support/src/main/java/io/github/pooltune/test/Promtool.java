package io.github.pooltune.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

/**
 * Prometheus' {@code promtool}, from {@link TestProgram#PROMTOOL}: the machine's binary,
 * or the one inside the {@code prom/prometheus} image when Docker answers and none is
 * installed.
 *
 * @author pooltune
 */
public final class Promtool {

	/** The image; {@code -Dpooltune.tests.prometheus-image=…} picks another one. */
	static final String IMAGE = System.getProperty("pooltune.tests.prometheus-image", "prom/prometheus:v2.53.0");

	private static final long TIMEOUT_SECONDS = 60;

	private Promtool() {
	}

	/** What promtool printed (standard output and error) and its exit code. */
	public record Result(int exitCode, String output) {

	}

	/**
	 * Runs promtool in a directory, whose files the arguments name relative to it.
	 * @throws org.opentest4j.TestAbortedException if there is no promtool and the run does
	 * not require one
	 */
	public static Result run(Path directory, String... arguments) throws IOException, InterruptedException {
		TestProgram.Source source = TestProgram.PROMTOOL.resolve();
		return (source instanceof TestProgram.Binary binary) ? runBinary(binary.path(), directory, arguments)
				: runInContainer(directory, arguments);
	}

	private static Result runBinary(Path promtool, Path directory, String... arguments)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(promtool.toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(
					"promtool " + String.join(" ", arguments) + " did not finish in " + TIMEOUT_SECONDS + "s:\n" + output);
		}
		return new Result(process.exitValue(), output);
	}

	/** A container that sleeps, the directory copied in, and promtool run inside it. */
	private static Result runInContainer(Path directory, String... arguments) throws IOException, InterruptedException {
		try (GenericContainer<?> container = new GenericContainer<>(IMAGE)
			.withCopyFileToContainer(MountableFile.forHostPath(directory), "/work")
			.withWorkingDirectory("/work")
			.withCreateContainerCmdModifier((command) -> command.withEntrypoint("/bin/sh").withUser("0"))
			.withCommand("-c", "sleep " + TIMEOUT_SECONDS * 2)) {
			container.start();
			List<String> command = new ArrayList<>();
			command.add("/bin/promtool");
			command.addAll(List.of(arguments));
			ExecResult result = container.execInContainer(command.toArray(String[]::new));
			return new Result(result.getExitCode(), result.getStdout() + result.getStderr());
		}
	}

}
