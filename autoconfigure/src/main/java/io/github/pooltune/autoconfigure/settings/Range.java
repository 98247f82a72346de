package io.github.pooltune.autoconfigure.settings;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The values one setting accepts, written once: the check, the words of the failure
 * analysis ({@link #describe()}: {@code a whole number from 1 to 100}), the short form of
 * the README's table and the IDE's description ({@link #summary()}: {@code 1–100}), and
 * how a value is shown ({@link #format}).
 *
 * @param <T> the value type
 * @author pooltune
 */
public sealed interface Range<T> permits Range.Whole, Range.Choice, DurationRange {

	/** Whether the value is allowed on its own. */
	boolean accepts(T value);

	/** The allowed value nearest to the given one. */
	T nearest(T value);

	/** What is allowed, in words: {@code a whole number from 1 to 100}. */
	String describe();

	/** What is allowed, in short: {@code 1–100}, {@code 0 (off), or ≥ 1s}. */
	String summary();

	/** A value as users write it: {@code 20}, {@code 30s}, {@code 0 (off)}, {@code warn}. */
	String format(T value);

	/**
	 * What the value should be instead, when it breaks the rule this range has with
	 * another setting ({@code below pool-recycle (1800s), or …}); {@code null} when it
	 * keeps it or the range has none.
	 */
	default @Nullable String broken(T value, PoolSettings settings) {
		return null;
	}

	/**
	 * The default that follows another setting when the given default would break the
	 * rule with it ({@code connect-timeout} within {@code pool-timeout}), or {@code null}.
	 */
	default @Nullable T followed(T value, PoolSettings settings) {
		return null;
	}

	/** Whole numbers from {@code min} to {@code max}. */
	static Whole whole(int min, int max) {
		return new Whole(min, max);
	}

	/** {@code true} or {@code false}. */
	static Choice<Boolean> trueOrFalse() {
		return new Choice<>(List.of(true, false));
	}

	/** One of the constants of an enum, written in lower case. */
	static <E extends Enum<E>> Choice<E> oneOf(Class<E> type) {
		return new Choice<>(List.of(type.getEnumConstants()));
	}

	/**
	 * Whole numbers from {@code min} to {@code max}, both included.
	 *
	 * @param min the smallest allowed
	 * @param max the largest allowed
	 */
	record Whole(int min, int max) implements Range<Integer> {

		@Override
		public boolean accepts(Integer value) {
			return value >= this.min && value <= this.max;
		}

		@Override
		public Integer nearest(Integer value) {
			return Math.max(this.min, Math.min(this.max, value));
		}

		@Override
		public String describe() {
			return "a whole number from " + this.min + " to " + this.max;
		}

		@Override
		public String summary() {
			return this.min + "–" + this.max;
		}

		@Override
		public String format(Integer value) {
			return Integer.toString(value);
		}

	}

	/**
	 * A choice between a few values: a switch or the constants of an enum.
	 *
	 * @param <T> the value type
	 * @param values the values, in the order they are listed
	 */
	record Choice<T>(List<T> values) implements Range<T> {

		@Override
		public boolean accepts(T value) {
			return this.values.contains(value);
		}

		@Override
		public T nearest(T value) {
			return value;
		}

		@Override
		public String describe() {
			List<String> names = names();
			return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
		}

		@Override
		public String summary() {
			return names().stream().map((name) -> "`" + name + "`").collect(Collectors.joining(", "));
		}

		@Override
		public String format(T value) {
			return (value instanceof Enum<?> constant) ? constant.name().toLowerCase(Locale.ROOT)
					: String.valueOf(value);
		}

		/** The values as users write them. */
		public List<String> names() {
			return this.values.stream().map(this::format).toList();
		}

	}

}
