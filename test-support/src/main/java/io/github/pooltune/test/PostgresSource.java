package io.github.pooltune.test;

import java.util.Map;

/**
 * One place the fixture may find a PostgreSQL server.
 *
 * @author pooltune
 */
interface PostgresSource {

	/** How the log and failure messages name this source. */
	String name();

	/**
	 * Finds or starts a server.
	 * @param environment the process environment
	 * @return the server
	 * @throws Unavailable if this source has none to offer, so the next one is tried
	 * @throws IllegalStateException if the user asked for this source and it failed
	 */
	PostgresServer start(Map<String, String> environment) throws Unavailable;

	/** This source has no server to offer; the reason says why. */
	final class Unavailable extends Exception {

		Unavailable(String reason) {
			super(reason);
		}

		Unavailable(String reason, Throwable cause) {
			super(reason + ": " + cause.getMessage(), cause);
		}

	}

}
