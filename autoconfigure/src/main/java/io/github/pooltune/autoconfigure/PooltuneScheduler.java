package io.github.pooltune.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * The one scheduler of every pooltune check that runs in the background (capacity,
 * PgBouncer probe, demand sampler, diagnostics, autopilot): two daemon threads of
 * pooltune's own, so that no check runs on a request's thread or delays start-up. Each
 * {@link BackgroundCheck} registers its tasks when the context starts; the tasks run once
 * the application is ready (its first requests get the pool's first connections, not the
 * checks) and stop with the context. A task that fails is logged at DEBUG and its next
 * run goes on.
 *
 * @author pooltune
 */
public final class PooltuneScheduler implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

	/** How long after the application is ready the first runs wait. */
	public static final Duration AFTER_READY = Duration.ofSeconds(1);

	/** Two: a check that waits for a connection must not hold up the others. */
	private static final int THREADS = 2;

	private static final Log logger = LogFactory.getLog(PooltuneScheduler.class);

	private final Iterable<? extends BackgroundCheck> checks;

	private final List<Task> tasks = new CopyOnWriteArrayList<>();

	private volatile ScheduledExecutorService executor;

	private volatile boolean ready;

	private boolean checksScheduled;

	/** A scheduler of the given checks: the context's {@link BackgroundCheck} beans. */
	public PooltuneScheduler(Iterable<? extends BackgroundCheck> checks) {
		this.checks = checks;
	}

	/** Runs the task once, {@link #AFTER_READY} after the application is ready. */
	public void onceReady(String name, Runnable task) {
		add(new Task(name, AFTER_READY, Duration.ZERO, task));
	}

	/**
	 * Runs the task every period once the application is ready, the first time after
	 * {@code first}.
	 */
	public void everyAfterReady(String name, Duration first, Duration period, Runnable task) {
		add(new Task(name, first, period, task));
	}

	/** Runs a task once after a delay, if the scheduler still runs: a retry of a check. */
	public void later(String name, Duration delay, Runnable task) {
		ScheduledExecutorService executor = this.executor;
		if (executor != null && !executor.isShutdown()) {
			schedule(executor, new Task(name, delay, Duration.ZERO, task));
		}
	}

	private synchronized void add(Task task) {
		this.tasks.add(task);
		ScheduledExecutorService executor = this.executor;
		if (this.ready && executor != null) {
			schedule(executor, task);
		}
	}

	@Override
	public void start() {
		AtomicInteger count = new AtomicInteger();
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(THREADS, (runnable) -> {
			Thread thread = new Thread(runnable, "pooltune-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		this.executor = executor;
		if (!this.checksScheduled) {
			this.checksScheduled = true;
			this.checks.forEach((check) -> check.scheduleOn(this));
		}
	}

	@Override
	public synchronized void onApplicationEvent(ApplicationReadyEvent event) {
		ScheduledExecutorService executor = this.executor;
		if (this.ready || executor == null || event.getApplicationContext().getParent() != null) {
			return;
		}
		this.ready = true;
		List<Task> due = List.copyOf(this.tasks);
		// Starting a thread costs the ready event about half a millisecond: only the first is
		// started here, and it schedules the tasks (and so starts the second) on its own.
		executor.execute(() -> due.forEach((task) -> schedule(executor, task)));
	}

	@Override
	public void stop() {
		ScheduledExecutorService executor = this.executor;
		this.executor = null;
		this.ready = false;
		if (executor != null) {
			executor.shutdownNow();
			try {
				if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
					logger.debug("pooltune's background checks did not stop within 5 s");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	private static void schedule(ScheduledExecutorService executor, Task task) {
		Runnable run = () -> runQuietly(task);
		if (task.period().isZero()) {
			executor.schedule(run, task.first().toMillis(), TimeUnit.MILLISECONDS);
		}
		else {
			executor.scheduleWithFixedDelay(run, task.first().toMillis(), task.period().toMillis(),
					TimeUnit.MILLISECONDS);
		}
	}

	private static void runQuietly(Task task) {
		try {
			task.run().run();
		}
		catch (RuntimeException ex) {
			// A failed run must not end the schedule; the next one tries again.
			logger.debug("pooltune background check '" + task.name() + "' failed", ex);
		}
	}

	private record Task(String name, Duration first, Duration period, Runnable run) {

	}

}
