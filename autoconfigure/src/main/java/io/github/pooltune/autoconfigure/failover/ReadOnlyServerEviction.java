package io.github.pooltune.autoconfigure.failover;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;
import org.jspecify.annotations.Nullable;

/**
 * Evicts a connection whose statement failed because the server is read-only (SQLState
 * 25006): after a failover the old primary, still reachable at its address, turns into a
 * standby, and HikariCP would hand its connections out again until {@code pool-recycle}
 * retires them, every write failing. Evicted, the pool opens a new connection, which a
 * multi-host URL with {@code targetServerType=primary} takes to the new primary. Every
 * other exception is left to the pool's own override, if it had one, else to HikariCP.
 *
 * @author pooltune
 */
final class ReadOnlyServerEviction implements SQLExceptionOverride {

	static final String READ_ONLY_SQL_TRANSACTION = "25006";

	private final @Nullable SQLExceptionOverride delegate;

	ReadOnlyServerEviction(@Nullable SQLExceptionOverride delegate) {
		this.delegate = delegate;
	}

	// java.lang.Override in full: inside this interface, Override is HikariCP's enum.
	@java.lang.Override
	public SQLExceptionOverride.Override adjudicate(SQLException exception) {
		if (READ_ONLY_SQL_TRANSACTION.equals(exception.getSQLState())) {
			return SQLExceptionOverride.Override.MUST_EVICT;
		}
		return (this.delegate != null) ? this.delegate.adjudicate(exception)
				: SQLExceptionOverride.Override.CONTINUE_EVICT;
	}

}
