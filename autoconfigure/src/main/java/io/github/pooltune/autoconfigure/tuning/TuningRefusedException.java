package io.github.pooltune.autoconfigure.tuning;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A change to a running pool that was refused as a whole: nothing of it was applied.
 *
 * @author pooltune
 */
public class TuningRefusedException extends RuntimeException {

	private final String pool;

	private final List<Refusal> refusals;

	public TuningRefusedException(String pool, List<Refusal> refusals) {
		super("Pool '" + pool + "' not changed: "
				+ refusals.stream().map(Refusal::describe).collect(Collectors.joining("; ")));
		this.pool = pool;
		this.refusals = List.copyOf(refusals);
	}

	public String getPool() {
		return this.pool;
	}

	public List<Refusal> getRefusals() {
		return this.refusals;
	}

}
