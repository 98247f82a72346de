package io.github.pooltune.autoconfigure.virtualthreads;

import org.jspecify.annotations.Nullable;

/**
 * What the virtual-thread check reads from the running JVM: the HikariCP release on the
 * classpath and Java's feature version. A bean of its own so that a test can state both.
 *
 * @param hikari the HikariCP release, {@code null} when its jar does not say
 * @param java Java's feature version ({@code 21} for Java 21)
 * @author pooltune
 */
record RuntimeVersions(@Nullable HikariRelease hikari, int java) {

	/** The first Java on which Spring Boot runs {@code spring.threads.virtual.enabled} on virtual threads. */
	static final int VIRTUAL_THREADS_JAVA = 21;

	static RuntimeVersions current() {
		return new RuntimeVersions(HikariRelease.onClasspath(), Runtime.version().feature());
	}

	/** Whether Spring Boot honours {@code spring.threads.virtual.enabled} on this Java, as its {@code Threading.VIRTUAL} does. */
	boolean runsVirtualThreads() {
		return this.java >= VIRTUAL_THREADS_JAVA;
	}

}
