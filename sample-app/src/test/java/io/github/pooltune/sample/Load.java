package io.github.pooltune.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Requests to the running sample on a few threads of the test, each in a loop until
 * {@link #close()}, every one recorded with when it started, how long it took and how it
 * ended. Bounded: each request times out after 30 s (SampleHttp), and the loop stops
 * when the test closes it.
 *
 * @author pooltune
 */
final class Load implements AutoCloseable {

	/** A request made by the load. */
	@FunctionalInterface
	interface Call {

		HttpResponse<String> send(SampleHttp http) throws IOException, InterruptedException;

	}

	/**
	 * One request.
	 * @param startNanos when it started ({@link System#nanoTime()})
	 * @param endNanos when it ended
	 * @param status its HTTP status, or -1 when no answer came
	 * @param body the body, or the I/O failure
	 */
	record Request(long startNanos, long endNanos, int status, String body) {

		long millis() {
			return (this.endNanos - this.startNanos) / 1_000_000;
		}

		boolean succeeded() {
			return this.status == 200;
		}

	}

	private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running = true;

	private Load(SampleHttp http, int threads, List<Call> calls) {
		for (int i = 0; i < threads; i++) {
			Call call = calls.get(i % calls.size());
			Thread thread = new Thread(() -> loop(http, call), "load-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
		}
		this.threads.forEach(Thread::start);
	}

	/** Starts {@code threads} threads, each making one of the calls (round robin) in a loop. */
	static Load start(SampleHttp http, int threads, Call... calls) {
		return new Load(http, threads, List.of(calls));
	}

	/** {@code GET /api/roles} with demo key 1. */
	static Call roles() {
		return (http) -> http.roles("demo-key-0001");
	}

	/** {@code GET /api/slow?ms=N}. */
	static Call slow(int millis) {
		return (http) -> http.get("/api/slow?ms=" + millis);
	}

	private void loop(SampleHttp http, Call call) {
		while (this.running) {
			long start = System.nanoTime();
			try {
				HttpResponse<String> response = call.send(http);
				this.requests.add(new Request(start, System.nanoTime(), response.statusCode(), response.body()));
			}
			catch (IOException ex) {
				this.requests.add(new Request(start, System.nanoTime(), -1, String.valueOf(ex)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** Every request that ended so far. */
	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** The requests that started at or after the given time. */
	List<Request> startedFrom(long nanos) {
		return requests().stream().filter((request) -> request.startNanos() >= nanos).toList();
	}

	/** Requests that did not answer 200, counted by status and body. */
	static String failures(List<Request> requests) {
		return requests.stream()
			.filter((request) -> !request.succeeded())
			.collect(Collectors.groupingBy((request) -> request.status() + " " + request.body(), Collectors.counting()))
			.toString();
	}

	/** Stops the loops and waits for the requests in flight to end. */
	@Override
	public void close() throws InterruptedException {
		this.running = false;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(35);
		for (Thread thread : this.threads) {
			thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
		}
	}

}
