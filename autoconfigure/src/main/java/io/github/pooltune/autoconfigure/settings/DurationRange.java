package io.github.pooltune.autoconfigure.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The durations one setting accepts: at least {@code min} (HikariCP's floor, where that
 * is why), values with a meaning of their own ({@code 0} for off, {@code -1} for never),
 * and the rule it keeps with another duration setting ({@code pool-keepalive} below
 * {@code pool-recycle}). A bare number is seconds, as every duration setting is bound
 * with {@code @DurationUnit(SECONDS)}.
 *
 * @param min the shortest duration allowed, besides the special values
 * @param minIsHikariFloor whether {@code min} is HikariCP's own floor
 * @param specials the values with a meaning of their own
 * @param relation the rule with another setting, or {@code null}
 * @param examples how values are written, for the failure analysis: {@code 30, 500ms, 2m}
 * @author pooltune
 */
public record DurationRange(Duration min, boolean minIsHikariFloor, List<Special> specials, @Nullable Relation relation,
		String examples) implements Range<Duration> {

	public DurationRange {
		specials = List.copyOf(specials);
	}

	/** Durations of at least {@code min}. */
	public static DurationRange atLeast(Duration min, String examples) {
		return new DurationRange(min, false, List.of(), null, examples);
	}

	/** The same, saying that {@code min} is HikariCP's floor. */
	public DurationRange hikariFloor() {
		return new DurationRange(this.min, true, this.specials, this.relation, this.examples);
	}

	/** The same, also allowing the special value. */
	public DurationRange or(Special special) {
		List<Special> specials = new ArrayList<>(this.specials);
		specials.add(special);
		return new DurationRange(this.min, this.minIsHikariFloor, specials, this.relation, this.examples);
	}

	/** The same, below the other setting; {@code why} says what happens otherwise. */
	public DurationRange below(Setting<Duration> other, String why) {
		return with(new Relation(Relation.Kind.BELOW, other, Duration.ZERO, why));
	}

	/** The same, at most the other setting; by default the other setting's value when it is shorter. */
	public DurationRange atMost(Setting<Duration> other, String why) {
		return with(new Relation(Relation.Kind.AT_MOST, other, Duration.ZERO, why));
	}

	/** The same, above the other setting; by default {@code margin} longer than it, when that is longer. */
	public DurationRange above(Setting<Duration> other, Duration margin, String why) {
		return with(new Relation(Relation.Kind.ABOVE, other, margin, why));
	}

	private DurationRange with(Relation relation) {
		return new DurationRange(this.min, this.minIsHikariFloor, this.specials, relation, this.examples);
	}

	/** Whether the value has a meaning of its own: off, never. */
	public boolean isSpecial(Duration value) {
		return special(value) != null;
	}

	private @Nullable Special special(Duration value) {
		return this.specials.stream().filter((special) -> special.value().equals(value)).findFirst().orElse(null);
	}

	@Override
	public boolean accepts(Duration value) {
		return isSpecial(value) || value.compareTo(this.min) >= 0;
	}

	@Override
	public Duration nearest(Duration value) {
		return accepts(value) ? value : this.min;
	}

	@Override
	public String describe() {
		String floor = this.minIsHikariFloor ? ", HikariCP's floor" + ((this.relation != null) ? "," : "") : "";
		String relation = (this.relation != null) ? " and " + this.relation.words() : "";
		return specialsOr() + "a duration" + (minIsSpecial() ? "" : " of at least " + format(this.min)) + floor
				+ relation + "; a bare number is seconds (" + this.examples + ")";
	}

	@Override
	public String summary() {
		String relation = (this.relation != null) ? " and " + this.relation.summary() : "";
		return specialsOr() + (minIsSpecial() ? "any duration" : "≥ " + format(this.min)) + relation;
	}

	@Override
	public String format(Duration value) {
		for (Special special : this.specials) {
			if (special.value().equals(value)) {
				return special.describe();
			}
		}
		return (value.toMillis() % 1000 == 0) ? value.toSeconds() + "s" : value.toMillis() + "ms";
	}

	@Override
	public @Nullable String broken(Duration value, PoolSettings settings) {
		Relation relation = this.relation;
		if (relation == null) {
			return null;
		}
		Duration other = settings.value(relation.other());
		// No rule while the other is not set, off or never.
		if (other == null || relation.otherIsSpecial(other)) {
			return null;
		}
		// Off keeps every rule; never lasts longer than any duration, so it is below none.
		boolean holds = Special.NEVER.equals(special(value)) ? relation.kind() == Relation.Kind.ABOVE
				: isSpecial(value) || relation.kind().holds(value, other);
		if (holds) {
			return null;
		}
		return relation.words() + " (" + relation.other().range().format(other) + ")" + relation.why();
	}

	@Override
	public @Nullable Duration followed(Duration value, PoolSettings settings) {
		Relation relation = this.relation;
		if (relation == null || broken(value, settings) == null) {
			return null;
		}
		Duration followed = settings.value(relation.other()).plus(relation.margin());
		return (broken(followed, settings) == null) ? followed : null;
	}

	private String specialsOr() {
		StringBuilder words = new StringBuilder();
		this.specials.forEach((special) -> words.append(special.describe()).append(", or "));
		return words.toString();
	}

	private boolean minIsSpecial() {
		return isSpecial(this.min);
	}

	/**
	 * A value with a meaning of its own.
	 *
	 * @param value the value, a whole number of seconds
	 * @param meaning what it means: {@code off}, {@code never}
	 */
	public record Special(Duration value, String meaning) {

		/** {@code 0}: the feature is off. */
		public static final Special OFF = new Special(Duration.ZERO, "off");

		/** {@code -1}: it never happens (a connection is never recycled). */
		public static final Special NEVER = new Special(Duration.ofSeconds(-1), "never");

		/** As users write and read it: {@code 0 (off)}. */
		public String describe() {
			return this.value.toSeconds() + " (" + this.meaning + ")";
		}

	}

	/**
	 * The rule a duration keeps with another duration setting, unless the other is not
	 * set or a special value. Of its own special values, off keeps the rule and never
	 * (longer than any duration) keeps only {@link Kind#ABOVE}.
	 *
	 * @param kind how the two compare
	 * @param other the other setting
	 * @param margin how much longer than the other the default becomes, for
	 * {@link Kind#ABOVE}
	 * @param why what goes wrong otherwise, as the failure analysis adds it:
	 * {@code , or HikariCP switches it off}
	 */
	public record Relation(Kind kind, Setting<Duration> other, Duration margin, String why) {

		/** {@code below pool-recycle}. */
		public String words() {
			return this.kind.words + " " + this.other.key();
		}

		/** {@code below `pool-recycle`}. */
		public String summary() {
			return this.kind.words + " `" + this.other.key() + "`";
		}

		/**
		 * What the default becomes when it breaks the rule, for the README:
		 * {@code , or `pool-timeout` when shorter}; empty when it never does.
		 */
		public String defaultNote() {
			return switch (this.kind) {
				case BELOW -> "";
				case AT_MOST -> ", or `" + this.other.key() + "` when shorter";
				case ABOVE -> ", or `" + this.other.key() + "` + " + this.other.range().format(this.margin)
						+ " when that is longer";
			};
		}

		boolean otherIsSpecial(Duration value) {
			return this.other.range() instanceof DurationRange range && range.isSpecial(value);
		}

		/** How a duration compares with the other setting's. */
		public enum Kind {

			BELOW("below"), AT_MOST("at most"), ABOVE("above");

			private final String words;

			Kind(String words) {
				this.words = words;
			}

			boolean holds(Duration value, Duration other) {
				int comparison = value.compareTo(other);
				return switch (this) {
					case BELOW -> comparison < 0;
					case AT_MOST -> comparison <= 0;
					case ABOVE -> comparison > 0;
				};
			}

		}

	}

}
