package io.github.pooltune.autoconfigure.capacity;

import java.util.List;

import io.github.pooltune.autoconfigure.FailedCheckException;
import io.github.pooltune.capacity.CapacityReport;

/**
 * Thrown at start-up with {@code db.capacity-check=fail} when the fleet could open more
 * connections than the server, the role or the database allows.
 *
 * @author pooltune
 */
public class CapacityExceededException extends FailedCheckException {

	public CapacityExceededException(CapacityReport report) {
		super(report.summary(), report);
	}

	public CapacityReport getReport() {
		return finding(CapacityReport.class);
	}

	public List<String> getProblems() {
		return getReport().problems();
	}

}
