package io.github.pooltune.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import io.github.pooltune.test.TestProgram.Binary;
import io.github.pooltune.test.TestProgram.Container;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Where a program the tests need comes from, and what happens when it is nowhere.
 *
 * @author pooltune
 */
class TestProgramTests {

	private final TestProgram frobnicator = new TestProgram("Frobnicator", "frobnicate", "FROBNICATE",
			List.of("/nonexistent/bin/frobnicate"), "apt-get install frobnicator");

	@TempDir
	Path directory;

	@Test
	void theVariableWinsOverDockerAndThePath() throws IOException {
		Path configured = executable("configured");
		Path onPath = executable("frobnicate");
		Map<String, String> environment = Map.of("FROBNICATE", configured.toString(), "PATH",
				onPath.getParent().toString());
		assertThat(this.frobnicator.resolve(environment, true, true)).isEqualTo(new Binary(configured));
	}

	@Test
	void aVariableThatNamesNoExecutableFails() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.frobnicator.resolve(Map.of("FROBNICATE", "/nonexistent/frobnicate"), true, false))
			.withMessage("FROBNICATE is /nonexistent/frobnicate, which is not an executable file");
	}

	@Test
	void aContainerWhenDockerAnswers() throws IOException {
		Path onPath = executable("frobnicate");
		assertThat(this.frobnicator.resolve(Map.of("PATH", onPath.getParent().toString()), true, true))
			.isInstanceOf(Container.class);
	}

	@Test
	void theMachinesBinaryWithoutDocker() throws IOException {
		Path onPath = executable("frobnicate");
		assertThat(this.frobnicator.resolve(Map.of("PATH", "/nonexistent:" + onPath.getParent()), false, true))
			.isEqualTo(new Binary(onPath));
	}

	@Test
	void aFileThatIsNotExecutableIsNotTheProgram() throws IOException {
		Files.writeString(this.directory.resolve("frobnicate"), "#!/bin/sh\n");
		assertThatExceptionOfType(TestAbortedException.class)
			.isThrownBy(() -> this.frobnicator.resolve(Map.of("PATH", this.directory.toString()), false, false));
	}

	@Test
	void nowhereSkipsWithOneLineThatSaysHowToInstallIt() {
		assertThatExceptionOfType(TestAbortedException.class)
			.isThrownBy(() -> this.frobnicator.resolve(Map.of("PATH", this.directory.toString()), false, false))
			.withMessage("Frobnicator is not installed and no Docker engine answers: install it "
					+ "(Debian/Ubuntu: apt-get install frobnicator), or set FROBNICATE to its binary");
	}

	@Test
	void nowhereFailsWhenTheRunRequiresEveryProgram() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.frobnicator.resolve(Map.of("PATH", this.directory.toString()), false, true))
			.withMessageStartingWith("Frobnicator is not installed and no Docker engine answers")
			.withMessageContaining("This run requires every program the tests need (CI=true or "
					+ "-Dpooltune.tests.require-tools=true)");
	}

	@Test
	void ciTrueRequiresEveryProgram() {
		assertThat(TestProgram.required(Map.of("CI", "true"))).isTrue();
		assertThat(TestProgram.required(Map.of("CI", "false"))).isEqualTo(Boolean.getBoolean(TestProgram.REQUIRE_PROPERTY));
	}

	private Path executable(String name) throws IOException {
		Path file = Files.writeString(this.directory.resolve(name), "#!/bin/sh\n");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
		return file;
	}

}
