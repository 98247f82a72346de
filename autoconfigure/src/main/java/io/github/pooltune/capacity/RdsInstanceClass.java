package io.github.pooltune.capacity;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The RDS instance classes of the RDS table of instance classes in the gateway tuning
 * guide, for planning before a deploy. RDS's default is
 * {@code max_connections = LEAST(DBInstanceClassMemory / 9531392, 5000)} (the RDS
 * formula); {@code DBInstanceClassMemory} is the class's memory less what RDS keeps for
 * the operating system, so the formula on the nominal memory is an upper bound. The table
 * publishes the figure seen for each class; planning takes the smaller of the two.
 *
 * @author pooltune
 */
public enum RdsInstanceClass {

	T3_MICRO("db.t3.micro", 1, 81),

	T3_SMALL("db.t3.small", 2, 167),

	T3_MEDIUM("db.t3.medium", 4, 334),

	T3_LARGE("db.t3.large", 8, 668),

	M5_LARGE("db.m5.large", 8, 422),

	M5_XLARGE("db.m5.xlarge", 16, 858),

	M5_2XLARGE("db.m5.2xlarge", 32, 1729);

	/** PostgreSQL's default superuser_reserved_connections, which RDS keeps. */
	static final int SUPERUSER_RESERVED = 3;

	private static final long BYTES_PER_CONNECTION = 9_531_392L;

	private static final int CEILING = 5000;

	private final String className;

	private final int memoryGib;

	private final int publishedFigure;

	RdsInstanceClass(String className, int memoryGib, int publishedFigure) {
		this.className = className;
		this.memoryGib = memoryGib;
		this.publishedFigure = publishedFigure;
	}

	/** The class named as RDS names it ({@code db.t3.medium}), or {@code null}. */
	public static @Nullable RdsInstanceClass named(String className) {
		for (RdsInstanceClass instanceClass : values()) {
			if (instanceClass.className.equals(className.strip().toLowerCase(Locale.ROOT))) {
				return instanceClass;
			}
		}
		return null;
	}

	public String className() {
		return this.className;
	}

	public int memoryGib() {
		return this.memoryGib;
	}

	/** {@code LEAST(memory / 9531392, 5000)} on the nominal memory: an upper bound. */
	public int formulaMaxConnections() {
		return (int) Math.min(this.memoryGib * 1024L * 1024 * 1024 / BYTES_PER_CONNECTION, CEILING);
	}

	/** The {@code max_connections} the RDS table of instance classes lists for the class. */
	public int publishedFigure() {
		return this.publishedFigure;
	}

	/** What to plan with: the smaller of the formula and the published figure. */
	public int plannedMaxConnections() {
		return Math.min(formulaMaxConnections(), this.publishedFigure);
	}

	/** A server of this class with its defaults and nobody connected yet. */
	public ServerCapacity asServer() {
		return new ServerCapacity(plannedMaxConnections(), SUPERUSER_RESERVED, 0, null, false, -1, null, -1, Map.of(),
				Map.of(), null, Instant.now());
	}

	/** The class names, for messages. */
	public static String names() {
		StringBuilder names = new StringBuilder();
		for (RdsInstanceClass instanceClass : values()) {
			names.append((names.length() > 0) ? ", " : "").append(instanceClass.className);
		}
		return names.toString();
	}

}
