package io.github.pooltune.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;

/**
 * One daemon thread of pooltune's own for periodic checks, so that no check ever runs on
 * a request's thread or delays start-up; a check that fails is logged at DEBUG and the
 * next run goes on.
 *
 * @author pooltune
 */
public final class BackgroundThread {

	/** How long the checks that run once wait after the application is ready. */
	public static final Duration AFTER_READY = Duration.ofSeconds(1);

	private final ScheduledExecutorService executor;

	private final Log logger;

	/** Starts the thread, named {@code name}; failures go to {@code logger} at DEBUG. */
	public BackgroundThread(String name, Log logger) {
		this.logger = logger;
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Runs the task once, after the delay. */
	public void once(Duration delay, Runnable task) {
		this.executor.schedule(() -> runQuietly(task), delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Runs the task every period, the first time after one period. */
	public void every(Duration period, Runnable task) {
		this.executor.scheduleWithFixedDelay(() -> runQuietly(task), period.toMillis(), period.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Runs a check once on a daemon thread of its own, {@link #AFTER_READY} after the
	 * application is ready: its first requests get the pool's first connections, not the
	 * check.
	 */
	public static void afterReady(String name, Runnable check) {
		Thread thread = new Thread(() -> {
			try {
				Thread.sleep(AFTER_READY.toMillis());
				check.run();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
	}

	/** Stops the thread; a run in progress is interrupted. */
	public void stop() {
		this.executor.shutdownNow();
	}

	private void runQuietly(Runnable task) {
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			// A failed run must not end the schedule; the next one tries again.
			this.logger.debug("pooltune background check failed", ex);
		}
	}

}
