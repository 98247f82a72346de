package io.github.pooltune.autoconfigure.hikari;

/**
 * Thrown when a {@code HikariDataSource} bean reaches pooltune with its pool already
 * running, so its settings can no longer be changed: starting anyway would leave the
 * {@code DB_POOL_*} settings silently ignored.
 *
 * @author pooltune
 */
public class PoolAlreadyStartedException extends IllegalStateException {

	private final String beanName;

	public PoolAlreadyStartedException(String beanName) {
		super("HikariCP pool '" + beanName + "' was already started before pooltune could tune it");
		this.beanName = beanName;
	}

	public String getBeanName() {
		return this.beanName;
	}

}
