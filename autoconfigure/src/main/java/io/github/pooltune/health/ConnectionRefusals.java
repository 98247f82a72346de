package io.github.pooltune.health;

import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

/**
 * Whether the server refuses a pool's new connections now (rotated credentials, no slot
 * left, …), for the {@code pool} health contributor: the pool may still serve from the
 * connections it holds while every new one fails, which nobody notices until it drains.
 *
 * @author pooltune
 */
@FunctionalInterface
public interface ConnectionRefusals {

	/** Knows of no refusal. */
	ConnectionRefusals NONE = (pool) -> null;

	/**
	 * Why the pool's new connections are refused now, as health details, or {@code null}
	 * when they open.
	 */
	@Nullable Map<String, Object> refusal(HikariDataSource pool);

}
