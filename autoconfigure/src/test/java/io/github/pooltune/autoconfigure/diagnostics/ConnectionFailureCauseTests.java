package io.github.pooltune.autoconfigure.diagnostics;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionFailureCause}, for the answers the integration tests cannot
 * get from a real server: other server versions' wording, a server that is starting up,
 * the other limits behind 53300.
 *
 * @author pooltune
 */
class ConnectionFailureCauseTests {

	private static final String NO_ENTRY = "FATAL: no pg_hba.conf entry for host \"10.0.0.5\", user \"app\", "
			+ "database \"orders\", ";

	@Test
	void authenticationFailures() {
		assertThat(cause("28P01", "FATAL: password authentication failed for user \"app\""))
			.isEqualTo(ConnectionFailureCause.AUTHENTICATION);
		assertThat(cause("28000", "FATAL: role \"app\" does not exist"))
			.isEqualTo(ConnectionFailureCause.AUTHENTICATION);
		assertThat(cause("28000", "FATAL: role \"app\" is not permitted to log in"))
			.isEqualTo(ConnectionFailureCause.AUTHENTICATION);
		assertThat(cause("08004", "The server requested SCRAM-based authentication, but no password was "
				+ "provided.")).isEqualTo(ConnectionFailureCause.AUTHENTICATION);
	}

	@Test
	void pgHbaRejections() {
		assertThat(cause("28000", NO_ENTRY + "no encryption")).isEqualTo(ConnectionFailureCause.SSL_REQUIRED);
		assertThat(cause("28000", NO_ENTRY + "SSL off")).isEqualTo(ConnectionFailureCause.SSL_REQUIRED);
		assertThat(cause("28000", NO_ENTRY + "SSL encryption")).isEqualTo(ConnectionFailureCause.NOT_ALLOWED);
		assertThat(cause("28000", "FATAL: pg_hba.conf rejects connection for host \"10.0.0.5\", user \"app\""))
			.isEqualTo(ConnectionFailureCause.NOT_ALLOWED);
	}

	@Test
	void serverStates() {
		assertThat(cause("57P03", "FATAL: the database system is starting up"))
			.isEqualTo(ConnectionFailureCause.SERVER_NOT_READY);
		assertThat(cause("53300", "FATAL: sorry, too many clients already"))
			.isEqualTo(ConnectionFailureCause.NO_CONNECTION_SLOT);
		assertThat(cause("3D000", "FATAL: database \"x\" does not exist"))
			.isEqualTo(ConnectionFailureCause.UNKNOWN_DATABASE);
		assertThat(cause("08004", "The server does not support SSL."))
			.isEqualTo(ConnectionFailureCause.SSL_NOT_SUPPORTED);
		assertThat(cause("08006", "An I/O error occurred while sending to the backend."))
			.isEqualTo(ConnectionFailureCause.CONNECTION_FAILED);
	}

	@Test
	void networkFailuresBeneathTheDriversException() {
		assertThat(ConnectionFailureCause.of(new SQLException("The connection attempt failed.", "08001",
				new UnknownHostException("db.invalid")))).isEqualTo(ConnectionFailureCause.UNKNOWN_HOST);
		assertThat(ConnectionFailureCause.of(new SQLException("Connection to h:1 refused.", "08001",
				new ConnectException("Connection refused")))).isEqualTo(ConnectionFailureCause.REFUSED);
		assertThat(ConnectionFailureCause.of(new SQLException("The connection attempt failed.", "08001",
				new SocketTimeoutException("Connect timed out")))).isEqualTo(ConnectionFailureCause.TIMED_OUT);
		assertThat(cause("08001", "Connection attempt timed out.")).isEqualTo(ConnectionFailureCause.TIMED_OUT);
	}

	@Test
	void thePoolsTimeoutIsReadThroughToTheDriversFailure() {
		SQLException driver = new SQLException("FATAL: database \"x\" does not exist", "3D000");
		SQLTransientConnectionException timeout = new SQLTransientConnectionException(
				"HikariPool-1 - Connection is not available, request timed out after 30001ms (total=0, active=0, "
						+ "idle=0, waiting=0)", "3D000", driver);
		Object found = ConnectionFailureCause.driverException(new IllegalStateException(timeout));
		assertThat(found).isSameAs(driver);
		assertThat(ConnectionFailureCause.of(timeout)).isEqualTo(ConnectionFailureCause.UNKNOWN_DATABASE);
	}

	@Test
	void notAConnectionFailure() {
		assertThat(cause("42601", "ERROR: syntax error at or near \"selec\"")).isNull();
		assertThat(ConnectionFailureCause.of(new IllegalStateException(new ConnectException("not a database"))))
			.isNull();
		assertThat(ConnectionFailureCause.of(new SQLTransientConnectionException(
				"HikariPool-1 - Connection is not available, request timed out after 30001ms (total=1, active=1, "
						+ "idle=0, waiting=0)")))
			.isNull();
	}

	private static ConnectionFailureCause cause(String sqlState, String message) {
		return ConnectionFailureCause.of(new IllegalStateException("wrapped", new SQLException(message, sqlState)));
	}

}
