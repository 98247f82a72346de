package io.github.pooltune.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Connection slots on a server taken by connections of the test's own, as other
 * instances or clients would take them, and concurrent requests that need more slots
 * than are left.
 *
 * @author pooltune
 */
final class Slots implements AutoCloseable {

	/** Opens one connection, or fails when the server refuses it. */
	@FunctionalInterface
	interface Opener {

		Connection open() throws SQLException;

	}

	private final List<Connection> held = new ArrayList<>();

	private SQLException refusal;

	/** Opens connections until the server refuses one (keeping the refusal), at most {@code max}. */
	static Slots fill(Opener opener, int max) {
		Slots slots = new Slots();
		while (slots.held.size() < max) {
			try {
				slots.held.add(opener.open());
			}
			catch (SQLException ex) {
				slots.refusal = ex;
				break;
			}
		}
		return slots;
	}

	/**
	 * Opens {@code count} connections, retrying for a few seconds while the server still
	 * counts backends that were just terminated.
	 */
	static Slots take(Opener opener, int count) throws Exception {
		Slots slots = new Slots();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (slots.held.size() < count) {
			try {
				slots.held.add(opener.open());
			}
			catch (SQLException ex) {
				if (System.nanoTime() > deadline) {
					slots.close();
					throw ex;
				}
				Thread.sleep(20);
			}
		}
		return slots;
	}

	int count() {
		return this.held.size();
	}

	/** The first connection held. */
	Connection first() {
		return this.held.get(0);
	}

	/** Why the server refused the connection after the last one held, or {@code null}. */
	SQLException refusal() {
		return this.refusal;
	}

	@Override
	public void close() {
		for (Connection connection : this.held) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// Releasing the slot in any case.
			}
		}
		this.held.clear();
	}

	/** Sends {@code count} requests at once and returns their statuses. */
	static List<Integer> concurrently(SampleHttp http, int count, String path) {
		List<CompletableFuture<HttpResponse<String>>> requests = IntStream.range(0, count)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> {
				try {
					return http.get(path);
				}
				catch (IOException | InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			}))
			.toList();
		return requests.stream().map((request) -> request.join().statusCode()).toList();
	}

}
