package io.github.pooltune.autoconfigure.tuning;

import java.util.ArrayList;
import java.util.List;

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
			setMaximumPoolSize(config, now, changed);
			setMinimumIdle(config, now, changed);
		}
		else {
			setMinimumIdle(config, now, changed);
			setMaximumPoolSize(config, now, changed);
		}
		if (this.connectionTimeout != now.connectionTimeout) {
			config.setConnectionTimeout(this.connectionTimeout);
			changed.add(change("connectionTimeout", now.connectionTimeout, this.connectionTimeout));
		}
		if (this.validationTimeout != now.validationTimeout) {
			config.setValidationTimeout(this.validationTimeout);
			changed.add(change("validationTimeout", now.validationTimeout, this.validationTimeout));
		}
		if (this.idleTimeout != now.idleTimeout) {
			config.setIdleTimeout(this.idleTimeout);
			changed.add(change("idleTimeout", now.idleTimeout, this.idleTimeout));
		}
		if (this.maxLifetime != now.maxLifetime) {
			config.setMaxLifetime(this.maxLifetime);
			changed.add(change("maxLifetime", now.maxLifetime, this.maxLifetime));
		}
		if (this.leakDetectionThreshold != now.leakDetectionThreshold) {
			config.setLeakDetectionThreshold(this.leakDetectionThreshold);
			changed.add(change("leakDetectionThreshold", now.leakDetectionThreshold, this.leakDetectionThreshold));
		}
		return changed;
	}

	private void setMaximumPoolSize(HikariConfigMXBean config, HikariLiveValues now, List<String> changed) {
		if (this.maximumPoolSize != now.maximumPoolSize) {
			config.setMaximumPoolSize(this.maximumPoolSize);
			changed.add(change("maximumPoolSize", now.maximumPoolSize, this.maximumPoolSize));
		}
	}

	private void setMinimumIdle(HikariConfigMXBean config, HikariLiveValues now, List<String> changed) {
		if (this.minimumIdle != now.minimumIdle) {
			config.setMinimumIdle(this.minimumIdle);
			changed.add(change("minimumIdle", now.minimumIdle, this.minimumIdle));
		}
	}

	private static String change(String name, long from, long to) {
		return name + " " + from + " → " + to;
	}

}
