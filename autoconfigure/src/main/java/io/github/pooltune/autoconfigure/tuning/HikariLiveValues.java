package io.github.pooltune.autoconfigure.tuning;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

import com.zaxxer.hikari.HikariConfigMXBean;

/**
 * What HikariCP changes in a running pool through {@link HikariConfigMXBean}, read and
 * written together (credentials and the catalog aside). Its housekeeper reads the
 * timeouts and the leak threshold again every run; the sizes count from the next borrow.
 *
 * @param maximumPoolSize the most connections
 * @param minimumIdle the idle connections kept
 * @param connectionTimeout the longest wait for a connection, in milliseconds
 * @param validationTimeout the longest liveness check, in milliseconds
 * @param idleTimeout how long an idle connection above minimumIdle is kept, in milliseconds
 * @param maxLifetime the longest life of a connection, in milliseconds, 0 for never
 * @param leakDetectionThreshold how long a connection may be held before it is reported,
 * in milliseconds, 0 for off
 * @author pooltune
 */
public record HikariLiveValues(int maximumPoolSize, int minimumIdle, long connectionTimeout, long validationTimeout,
		long idleTimeout, long maxLifetime, long leakDetectionThreshold) {

	/** What the pool runs with now. */
	public static HikariLiveValues of(HikariConfigMXBean config) {
		return new HikariLiveValues(config.getMaximumPoolSize(), config.getMinimumIdle(),
				config.getConnectionTimeout(), config.getValidationTimeout(), config.getIdleTimeout(),
				config.getMaxLifetime(), config.getLeakDetectionThreshold());
	}

	/** The same with other sizes. */
	public HikariLiveValues withSizes(int maximumPoolSize, int minimumIdle) {
		return new HikariLiveValues(maximumPoolSize, minimumIdle, this.connectionTimeout, this.validationTimeout,
				this.idleTimeout, this.maxLifetime, this.leakDetectionThreshold);
	}

	/**
	 * Sets what differs from what the pool runs with, the sizes in an order that never
	 * leaves minimumIdle above maximumPoolSize in between.
	 * @return what changed, one {@code name old → new} each
	 */
	public List<String> applyTo(HikariConfigMXBean config) {
		HikariLiveValues now = of(config);
		List<String> changed = new ArrayList<>();
		if (this.maximumPoolSize >= now.maximumPoolSize) {
			set(changed, "maximumPoolSize", now.maximumPoolSize, this.maximumPoolSize, config::setMaximumPoolSize);
			set(changed, "minimumIdle", now.minimumIdle, this.minimumIdle, config::setMinimumIdle);
		}
		else {
			set(changed, "minimumIdle", now.minimumIdle, this.minimumIdle, config::setMinimumIdle);
			set(changed, "maximumPoolSize", now.maximumPoolSize, this.maximumPoolSize, config::setMaximumPoolSize);
		}
		set(changed, "connectionTimeout", now.connectionTimeout, this.connectionTimeout, config::setConnectionTimeout);
		set(changed, "validationTimeout", now.validationTimeout, this.validationTimeout, config::setValidationTimeout);
		set(changed, "idleTimeout", now.idleTimeout, this.idleTimeout, config::setIdleTimeout);
		set(changed, "maxLifetime", now.maxLifetime, this.maxLifetime, config::setMaxLifetime);
		set(changed, "leakDetectionThreshold", now.leakDetectionThreshold, this.leakDetectionThreshold,
				config::setLeakDetectionThreshold);
		return changed;
	}

	/** Sets the value if it differs from what the pool runs with, and says so. */
	private static void set(List<String> changed, String name, int from, int to, IntConsumer setter) {
		if (to != from) {
			setter.accept(to);
			changed.add(change(name, from, to));
		}
	}

	private static void set(List<String> changed, String name, long from, long to, LongConsumer setter) {
		if (to != from) {
			setter.accept(to);
			changed.add(change(name, from, to));
		}
	}

	private static String change(String name, long from, long to) {
		return name + " " + from + " → " + to;
	}

}
