package io.github.pooltune.autoconfigure;

/**
 * A check of pooltune's that runs in the background. Every such bean is handed to the
 * one {@link PooltuneScheduler} when the context starts, so no check can start a thread
 * of its own or outlive the context.
 *
 * @author pooltune
 */
@FunctionalInterface
public interface BackgroundCheck {

	/** Registers the check's tasks; they run once the application is ready. */
	void scheduleOn(PooltuneScheduler scheduler);

}
