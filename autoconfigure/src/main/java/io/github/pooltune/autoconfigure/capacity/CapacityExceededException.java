package io.github.pooltune.autoconfigure.capacity;

import java.util.List;
import io.github.pooltune.capacity.CapacityReport;

/**
 * Thrown at start-up with {@code db.capacity-check=fail} when the fleet could open more
 * connections than the server, the role or the database allows.
 *
 * @author pooltune
 */
public class CapacityExceededException extends IllegalStateException {

	private final transient CapacityReport report;

	public CapacityExceededException(CapacityReport report) {
		super(report.summary());
		this.report = report;
	}

	public CapacityReport getReport() {
		return this.report;
	}

	public List<String> getProblems() {
		return this.report.problems();
	}

}
