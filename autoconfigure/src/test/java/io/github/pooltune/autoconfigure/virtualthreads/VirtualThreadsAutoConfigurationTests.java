package io.github.pooltune.autoconfigure.virtualthreads;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up WARN about HikariCP's spin on virtual threads: once with a release before
 * the fix, never with the fix, without virtual threads, or on a Java that runs none.
 *
 * @author pooltune
 */
@ExtendWith(OutputCaptureExtension.class)
class VirtualThreadsAutoConfigurationTests {

	private static final String HAZARD = "spins the carrier threads";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VirtualThreadsAutoConfiguration.class));

	@Test
	void warnsOnceWithAReleaseBeforeTheFix(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
			.withBean(RuntimeVersions.class, () -> versions("7.0.2", 21))
			.run((context) -> {
				assertThat(context).hasSingleBean(VirtualThreadHikariCheck.class);
				assertThat(output.getOut().lines().filter((line) -> line.contains(HAZARD)))
					.singleElement()
					.satisfies((line) -> assertThat(line).contains("WARN")
						.contains("HikariCP 7.0.2 on virtual threads (spring.threads.virtual.enabled=true)")
						.contains("Thread.yield() in HikariCP's ConcurrentBag")
						.contains("100 % CPU (HikariCP #2398)")
						.contains("HikariCP 7.1.0 is the first release with the fix (#2402)")
						.contains("<hikaricp.version>7.1.0</hikaricp.version>")
						.contains("com.zaxxer:HikariCP:7.1.0 in <dependencyManagement> before spring-boot-dependencies")
						.contains("ext['hikaricp.version'] = '7.1.0'"));
			});
	}

	@Test
	void silentWithTheFix(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
			.withBean(RuntimeVersions.class, () -> versions("7.1.0", 25))
			.run((context) -> assertThat(context).hasSingleBean(VirtualThreadHikariCheck.class));
		assertThat(output).doesNotContain(HAZARD);
	}

	@Test
	void silentWithoutVirtualThreads(CapturedOutput output) {
		this.contextRunner.withBean(RuntimeVersions.class, () -> versions("7.0.2", 21))
			.run((context) -> assertThat(context).doesNotHaveBean(VirtualThreadHikariCheck.class));
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=false")
			.withBean(RuntimeVersions.class, () -> versions("7.0.2", 21))
			.run((context) -> assertThat(context).doesNotHaveBean(VirtualThreadHikariCheck.class));
		assertThat(output).doesNotContain(HAZARD);
	}

	/** Spring Boot ignores spring.threads.virtual.enabled before Java 21: platform threads do not spin this way. */
	@Test
	void silentOnAJavaWithoutVirtualThreads(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
			.withBean(RuntimeVersions.class, () -> versions("7.0.2", 17))
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain(HAZARD);
	}

	@Test
	void silentWhenTheJarDoesNotSayItsVersion(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
			.withBean(RuntimeVersions.class, () -> new RuntimeVersions(null, 21))
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain(HAZARD);
	}

	@Test
	void silentWhenPooltuneIsOffOrHikariCpAbsent(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true", "db.enabled=false")
			.withBean(RuntimeVersions.class, () -> versions("7.0.2", 21))
			.run((context) -> assertThat(context).doesNotHaveBean(VirtualThreadHikariCheck.class));
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
			.withClassLoader(new FilteredClassLoader("com.zaxxer.hikari"))
			.run((context) -> assertThat(context).doesNotHaveBean(VirtualThreadHikariCheck.class));
		assertThat(output).doesNotContain(HAZARD);
	}

	/**
	 * This JVM and this classpath as they are: the project's HikariCP (Spring Boot's 7.0.2
	 * unless overridden) warns where Spring Boot runs virtual threads, from Java 21.
	 */
	@Test
	void theRealClasspathAndJava(CapturedOutput output) {
		RuntimeVersions current = RuntimeVersions.current();
		assertThat(current.hikari()).isNotNull();
		assertThat(current.java()).isEqualTo(Runtime.version().feature());
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> assertThat(context).getBean(RuntimeVersions.class).isEqualTo(current));
		boolean hazard = current.java() >= 21 && !current.hikari().hasVirtualThreadFix();
		assertThat(output.getOut().lines().filter((line) -> line.contains(HAZARD))).hasSize(hazard ? 1 : 0);
		if (hazard) {
			assertThat(output).contains("HikariCP " + current.hikari() + " on virtual threads");
		}
	}

	private static RuntimeVersions versions(String hikari, int java) {
		return new RuntimeVersions(HikariRelease.parse(hikari), java);
	}

}
