package io.github.pooltune.autoconfigure.virtualthreads;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Warns once at start-up when the application runs on virtual threads with a HikariCP
 * release whose {@code ConcurrentBag} spins on them: a thread that returns a connection
 * while others wait loops on {@code Thread.yield()} until one takes it, and a virtual
 * thread that yields goes straight back to the run queue, so under load the carrier
 * threads stay busy at 100 % CPU (HikariCP #2398). Reads two version numbers; silent when
 * the release has the fix or does not say which it is.
 *
 * @author pooltune
 */
final class VirtualThreadHikariCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(VirtualThreadHikariCheck.class);

	private final RuntimeVersions versions;

	VirtualThreadHikariCheck(RuntimeVersions versions) {
		this.versions = versions;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!this.versions.runsVirtualThreads()) {
			return;
		}
		HikariRelease hikari = this.versions.hikari();
		if (hikari == null) {
			logger.debug("Virtual threads with a HikariCP whose jar does not state its version; "
					+ "the spin of HikariCP #2398 is fixed from " + HikariRelease.VIRTUAL_THREAD_FIX);
			return;
		}
		if (!hikari.hasVirtualThreadFix()) {
			logger.warn(message(hikari));
		}
	}

	static String message(HikariRelease hikari) {
		String fix = HikariRelease.VIRTUAL_THREAD_FIX.text();
		return "HikariCP " + hikari + " on virtual threads (spring.threads.virtual.enabled=true) spins the carrier "
				+ "threads: a thread returning a connection while others wait loops on Thread.yield() in HikariCP's "
				+ "ConcurrentBag, and under load the carriers run at 100 % CPU (HikariCP #2398). HikariCP " + fix
				+ " is the first release with the fix (#2402). Take it: with Spring Boot's Maven parent, "
				+ "<hikaricp.version>" + fix + "</hikaricp.version> in <properties>; with Spring Boot's BOM imported, "
				+ "com.zaxxer:HikariCP:" + fix + " in <dependencyManagement> before spring-boot-dependencies; with "
				+ "Gradle and the dependency-management plugin, ext['hikaricp.version'] = '" + fix + "'.";
	}

}
