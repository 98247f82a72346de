package io.github.pooltune.autoconfigure.diagnostics;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where a connection was borrowed, from a stack innermost frame first: the first frame
 * after HikariCP's own that is not a data-access framework's
 * ({@link ExhaustionWarning#FRAMEWORKS}), else the first frame after HikariCP's.
 *
 * @author pooltune
 */
final class BorrowSites {

	private static final String HIKARI = "com.zaxxer.hikari.";

	private BorrowSites() {
	}

	static @Nullable String of(List<String> frames) {
		int caller = 0;
		for (int i = 0; i < frames.size(); i++) {
			if (frames.get(i).startsWith(HIKARI)) {
				caller = i + 1;
			}
		}
		List<String> callers = frames.subList(caller, frames.size());
		return callers.stream()
			.filter((frame) -> ExhaustionWarning.FRAMEWORKS.stream().noneMatch(frame::startsWith))
			.findFirst()
			.orElse(callers.isEmpty() ? null : callers.get(0));
	}

	static boolean anyFrom(List<String> frames, String packagePrefix) {
		return frames.stream().anyMatch((frame) -> frame.startsWith(packagePrefix));
	}

}
