package io.github.pooltune.autoconfigure.virtualthreads;

import java.net.URL;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HikariCP's version as its jar states it, and which releases carry the fix of HikariCP
 * #2402.
 *
 * @author pooltune
 */
class HikariReleaseTests {

	@Test
	void releasesBefore710SpinAndFromItDoNot() {
		assertThat(HikariRelease.parse("5.1.0").hasVirtualThreadFix()).isFalse();
		assertThat(HikariRelease.parse("6.3.3").hasVirtualThreadFix()).isFalse();
		assertThat(HikariRelease.parse("7.0.2").hasVirtualThreadFix()).isFalse();
		assertThat(HikariRelease.parse("7.1.0").hasVirtualThreadFix()).isTrue();
		assertThat(HikariRelease.parse("7.1.1").hasVirtualThreadFix()).isTrue();
		assertThat(HikariRelease.parse("7.2").hasVirtualThreadFix()).isTrue();
		assertThat(HikariRelease.parse("8.0.0").hasVirtualThreadFix()).isTrue();
		assertThat(HikariRelease.parse("10.0.0").hasVirtualThreadFix()).isTrue();
	}

	@Test
	void aPreReleaseComesBeforeItsRelease() {
		assertThat(HikariRelease.parse("7.1.0-SNAPSHOT").hasVirtualThreadFix()).isFalse();
		assertThat(HikariRelease.parse("7.1.1-SNAPSHOT").hasVirtualThreadFix()).isTrue();
		assertThat(HikariRelease.parse("7.1.0-SNAPSHOT")).hasToString("7.1.0-SNAPSHOT");
	}

	@Test
	void textThatNamesNoReleaseIsNone() {
		assertThat(HikariRelease.parse(null)).isNull();
		assertThat(HikariRelease.parse("")).isNull();
		assertThat(HikariRelease.parse("unknown")).isNull();
		assertThat(HikariRelease.parse("7")).isNull();
		assertThat(HikariRelease.parse("99999999999.0.0")).isNull();
	}

	/** The version read from the real jar is the one in the jar's own file name. */
	@Test
	void readsTheReleaseOnTheClasspathFromItsJar() {
		URL jar = HikariDataSource.class.getProtectionDomain().getCodeSource().getLocation();
		HikariRelease release = HikariRelease.onClasspath();
		assertThat(release).isNotNull();
		assertThat(jar.getPath()).endsWith("/HikariCP-" + release + ".jar");
		assertThat(release.major()).isGreaterThanOrEqualTo(7);
	}

}
