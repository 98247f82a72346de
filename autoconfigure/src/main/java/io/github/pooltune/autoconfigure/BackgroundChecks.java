package io.github.pooltune.autoconfigure;

import org.apache.commons.logging.Log;

import org.springframework.context.SmartLifecycle;

/**
 * Periodic checks on a {@link BackgroundThread} of their own, started and stopped with
 * the application context.
 *
 * @author pooltune
 */
public abstract class BackgroundChecks implements SmartLifecycle {

	private final String threadName;

	private final Log logger;

	private volatile BackgroundThread thread;

	protected BackgroundChecks(String threadName, Log logger) {
		this.threadName = threadName;
		this.logger = logger;
	}

	/** Puts the checks on the thread, when the context starts. */
	protected abstract void schedule(BackgroundThread thread);

	@Override
	public void start() {
		BackgroundThread thread = new BackgroundThread(this.threadName, this.logger);
		schedule(thread);
		this.thread = thread;
	}

	@Override
	public void stop() {
		BackgroundThread thread = this.thread;
		if (thread != null) {
			thread.stop();
			this.thread = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

}
