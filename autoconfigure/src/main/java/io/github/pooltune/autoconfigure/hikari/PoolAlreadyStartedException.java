package io.github.pooltune.autoconfigure.hikari;

/**
 * Thrown when a {@code HikariDataSource} bean that settings are given for
 * ({@code db.pools.<name>.*}, or {@code db.*} for Spring Boot's pool) reaches pooltune
 * with its pool already running, so its settings can no longer be changed: starting
 * anyway would leave those settings silently ignored. A started pool that no settings
 * are given for is only observed.
 *
 * @author pooltune
 */
public class PoolAlreadyStartedException extends IllegalStateException {

	private final String beanName;

	private final String settings;

	/**
	 * @param beanName the pool's bean name
	 * @param settings the settings that cannot be applied: {@code db.pools.audit.*}
	 */
	public PoolAlreadyStartedException(String beanName, String settings) {
		super("HikariCP pool '" + beanName + "' was already started before pooltune could apply " + settings
				+ " to it");
		this.beanName = beanName;
		this.settings = settings;
	}

	public String getBeanName() {
		return this.beanName;
	}

	/** The settings that cannot be applied, as users write them: {@code db.pools.audit.*}. */
	public String getSettings() {
		return this.settings;
	}

}
