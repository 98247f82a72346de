package io.github.pooltune.autoconfigure.virtualthreads;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

/**
 * A HikariCP release number, as HikariCP's jar states it.
 *
 * @param text the version as written, for messages
 * @param major the first number
 * @param minor the second number
 * @param patch the third number, 0 when absent
 * @param preRelease whether a qualifier follows ({@code -SNAPSHOT}, {@code -RC1}): such a
 * build comes before the release of the same number
 * @author pooltune
 */
record HikariRelease(String text, int major, int minor, int patch, boolean preRelease)
		implements Comparable<HikariRelease> {

	/** Before {@link #VIRTUAL_THREAD_FIX}, which is parsed with it. */
	private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?(.*)");

	/**
	 * The first release whose {@code ConcurrentBag} parks a virtual thread instead of
	 * spinning on {@code Thread.yield()} (HikariCP #2402). Found in the jars: 7.1.0's
	 * {@code ConcurrentBag} is the first with {@code THREAD_IS_VIRTUAL} and
	 * {@code isCurrentThreadVirtual()}, and its {@code requite}/{@code unreserve} loops
	 * branch to {@code parkNanos} on a virtual thread; 6.3.3, 7.0.0, 7.0.1 and 7.0.2 do not.
	 */
	static final HikariRelease VIRTUAL_THREAD_FIX = parse("7.1.0");

	/** Where Maven writes the version into HikariCP's jar (its manifest has no Implementation-Version). */
	static final String POM_PROPERTIES = "META-INF/maven/com.zaxxer/HikariCP/pom.properties";

	/** The release a version string names, or {@code null} when it names none. */
	static @Nullable HikariRelease parse(@Nullable String text) {
		if (text == null) {
			return null;
		}
		Matcher matcher = VERSION.matcher(text.trim());
		if (!matcher.matches()) {
			return null;
		}
		String patch = matcher.group(3);
		try {
			return new HikariRelease(text.trim(), Integer.parseInt(matcher.group(1)),
					Integer.parseInt(matcher.group(2)), (patch != null) ? Integer.parseInt(patch) : 0,
					!matcher.group(4).isEmpty());
		}
		catch (NumberFormatException ex) {
			// A number too long for an int names no release; the check stays silent rather than fail start-up.
			return null;
		}
	}

	/**
	 * The release on the classpath, read from the jar's {@code pom.properties} (one small
	 * resource, no class scanned), else from the package's Implementation-Version that a
	 * repackaged build may set; {@code null} when neither says.
	 */
	static @Nullable HikariRelease onClasspath() {
		ClassLoader classLoader = HikariDataSource.class.getClassLoader();
		try (InputStream in = (classLoader != null) ? classLoader.getResourceAsStream(POM_PROPERTIES) : null) {
			if (in != null) {
				Properties pom = new Properties();
				pom.load(in);
				HikariRelease release = parse(pom.getProperty("version"));
				if (release != null) {
					return release;
				}
			}
		}
		catch (IOException ex) {
			// Then the package may still say.
		}
		return parse(HikariDataSource.class.getPackage().getImplementationVersion());
	}

	boolean hasVirtualThreadFix() {
		return compareTo(VIRTUAL_THREAD_FIX) >= 0;
	}

	@Override
	public int compareTo(HikariRelease other) {
		int order = Integer.compare(this.major, other.major);
		if (order == 0) {
			order = Integer.compare(this.minor, other.minor);
		}
		if (order == 0) {
			order = Integer.compare(this.patch, other.patch);
		}
		return (order != 0) ? order : Boolean.compare(other.preRelease, this.preRelease);
	}

	@Override
	public String toString() {
		return this.text;
	}

}
