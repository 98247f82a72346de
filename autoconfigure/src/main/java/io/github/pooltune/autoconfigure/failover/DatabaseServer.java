package io.github.pooltune.autoconfigure.failover;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The PostgreSQL server a pool connection reaches, as the server itself says, in one
 * cheap query that needs no privilege. Two servers are told apart by the address and
 * port they answer on ({@code inet_server_addr()}, {@code inet_server_port()}), which is
 * what changes behind the same DNS name in an RDS Multi-AZ failover, and by when their
 * postmaster started, which changes when another server takes over the same address (a
 * floating IP) or the server restarts. The system identifier would not do: a physical
 * standby shares its primary's.
 *
 * @param address the address the server answered on, {@code local socket} over a Unix
 * socket
 * @param port the port it answered on
 * @param startedAt when its postmaster started ({@code pg_postmaster_start_time()})
 * @param inRecovery whether it is a standby ({@code pg_is_in_recovery()}): read-only
 * @author pooltune
 */
record DatabaseServer(String address, int port, Instant startedAt, boolean inRecovery) {

	private static final String QUERY = """
			select coalesce(host(inet_server_addr()), 'local socket'),
			       coalesce(inet_server_port(), current_setting('port')::int),
			       pg_postmaster_start_time(),
			       pg_is_in_recovery()""";

	/** Reads the server on the given connection. */
	static DatabaseServer read(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(QUERY)) {
			row.next();
			return new DatabaseServer(row.getString(1), row.getInt(2), row.getTimestamp(3).toInstant(),
					row.getBoolean(4));
		}
	}

	/** Whether it is the same server; a standby promoted since is still the same server. */
	boolean isSameServerAs(DatabaseServer other) {
		return this.address.equals(other.address) && this.port == other.port && this.startedAt.equals(other.startedAt);
	}

	/** {@code 127.0.0.1:5432 (primary, up since 2026-12-01T09:00:00Z)}. */
	String describe() {
		String host = this.address.contains(":") ? "[" + this.address + "]" : this.address;
		return host + ":" + this.port + " (" + (this.inRecovery ? "standby, in recovery" : "primary")
				+ ", up since " + this.startedAt.truncatedTo(ChronoUnit.SECONDS) + ")";
	}

}
