package io.github.pooltune.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.function.IntPredicate;

import io.github.pooltune.test.TestDatabase;

/**
 * The sample's backends on the fixture's server (or a server of the test's own), found
 * by a connection {@code ApplicationName} of their own: counted, cancelled and terminated
 * for real with {@code pg_cancel_backend} and {@code pg_terminate_backend}, as an
 * administrator (or a failover) would.
 *
 * @author pooltune
 */
final class Backends {

	private final Slots.Opener admin;

	private final String applicationName;

	private Backends(Slots.Opener admin, String applicationName) {
		this.admin = admin;
		this.applicationName = applicationName;
	}

	/** Backends named {@code prefix-<random>} on the fixture's server. */
	static Backends named(TestDatabase database, String prefix) {
		return named(database::connect, prefix);
	}

	/** Backends named {@code prefix-<random>} on the server that {@code admin} connects to. */
	static Backends named(Slots.Opener admin, String prefix) {
		return new Backends(admin, prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
	}

	String applicationName() {
		return this.applicationName;
	}

	/** The fixture's JDBC URL with this application name. */
	String jdbcUrl(String baseUrl) {
		return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "ApplicationName=" + this.applicationName;
	}

	/** Terminates every backend of the sample, busy or idle; returns how many. */
	int terminateAll() throws SQLException {
		return queryInt("select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = ?");
	}

	/** Terminates the backends of the sample that sit in {@code pg_sleep} now ({@code /api/slow}); returns how many. */
	int terminateSleeping() throws SQLException {
		return queryInt("select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = ?"
				+ " and wait_event = 'PgSleep'");
	}

	/** Cancels the statement of the backends of the sample that sit in {@code pg_sleep} now; returns how many. */
	int cancelSleeping() throws SQLException {
		return queryInt("select count(pg_cancel_backend(pid)) from pg_stat_activity where application_name = ?"
				+ " and wait_event = 'PgSleep'");
	}

	/** Backends of the sample in {@code pg_sleep} now. */
	int countSleeping() throws SQLException {
		return queryInt("select count(*) from pg_stat_activity where application_name = ? and wait_event = 'PgSleep'");
	}

	/** Backends of the sample open now. */
	int count() throws SQLException {
		return queryInt("select count(*) from pg_stat_activity where application_name = ?");
	}

	/** Waits until the count satisfies the condition; returns the last count. */
	int await(IntPredicate condition, Duration timeout) throws Exception {
		return await(this::count, condition, timeout);
	}

	/** Waits until the sleeping backends' count satisfies the condition; returns the last count. */
	int awaitSleeping(IntPredicate condition, Duration timeout) throws Exception {
		return await(this::countSleeping, condition, timeout);
	}

	private static int await(Counter counter, IntPredicate condition, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		int count = counter.count();
		while (!condition.test(count) && System.nanoTime() < deadline) {
			Thread.sleep(50);
			count = counter.count();
		}
		return count;
	}

	@FunctionalInterface
	private interface Counter {

		int count() throws SQLException;

	}

	private int queryInt(String sql) throws SQLException {
		try (Connection admin = this.admin.open(); PreparedStatement statement = admin.prepareStatement(sql)) {
			statement.setString(1, this.applicationName);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

}
