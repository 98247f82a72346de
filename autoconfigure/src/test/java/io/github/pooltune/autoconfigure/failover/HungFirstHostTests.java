package io.github.pooltune.autoconfigure.failover;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariDataSource;
import io.github.pooltune.autoconfigure.PooltuneAutoConfiguration;
import io.github.pooltune.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What pgjdbc does with a multi-host URL whose first host accepts connections and never
 * answers (a postmaster that hangs, say, while a standby is promoted): it bounds the
 * log-in's reads by {@code socketTimeout} only, not by {@code connectTimeout}. With
 * pooltune's defaults ({@code socketTimeout} 300 s, {@code loginTimeout} =
 * {@code DB_CONNECT_TIMEOUT}) every attempt ends at the login timeout on the first host
 * and the next host is never tried; with a {@code socketTimeout} below the login timeout
 * the next host is reached. Documented in docs/reliability.md, "Failover".
 *
 * @author pooltune
 */
class HungFirstHostTests {

	private static final TestDatabase database = TestDatabase.get();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PooltuneAutoConfiguration.class))
		.withPropertyValues("spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(), "db.pool-size=1", "db.max-overflow=0",
				"db.pool-timeout=3", "db.connect-timeout=2",
				// The pool starts without a connection: the test asks for the first one itself.
				"spring.datasource.hikari.initialization-fail-timeout=-1");

	@Test
	void withPooltunesDefaultsTheNextHostIsNeverReached() throws IOException {
		try (HungHost hung = new HungHost()) {
			this.contextRunner.withPropertyValues("spring.datasource.url=" + url(hung, "")).run((context) -> {
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				long start = System.nanoTime();
				assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(pool::getConnection)
					.withStackTraceContaining("Connection attempt timed out");
				assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(2_900);
				assertThat(hung.accepted()).isPositive();
			});
		}
	}

	@Test
	void aSocketTimeoutBelowTheLoginTimeoutReachesTheNextHost() throws IOException {
		try (HungHost hung = new HungHost()) {
			this.contextRunner.withPropertyValues("spring.datasource.url=" + url(hung, "&socketTimeout=1"))
				.run((context) -> {
					HikariDataSource pool = context.getBean(HikariDataSource.class);
					try (Connection connection = pool.getConnection();
							Statement statement = connection.createStatement();
							ResultSet port = statement.executeQuery("select inet_server_port()")) {
						port.next();
						assertThat(port.getInt(1)).isEqualTo(database.port());
					}
					assertThat(hung.accepted()).isPositive();
				});
		}
	}

	private static String url(HungHost hung, String more) {
		return "jdbc:postgresql://127.0.0.1:" + hung.port() + "," + database.host() + ":" + database.port() + "/"
				+ database.databaseName() + "?targetServerType=primary" + more;
	}

	/** A listener on 127.0.0.1 that accepts every connection and never sends a byte. */
	private static final class HungHost implements AutoCloseable {

		private final ServerSocket listener;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		HungHost() throws IOException {
			this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread thread = new Thread(() -> {
				try {
					while (true) {
						this.accepted.add(this.listener.accept());
					}
				}
				catch (IOException ex) {
					// Closed.
				}
			}, "hung-host");
			thread.setDaemon(true);
			thread.start();
		}

		int port() {
			return this.listener.getLocalPort();
		}

		int accepted() {
			return this.accepted.size();
		}

		@Override
		public void close() throws IOException {
			this.listener.close();
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}

	}

}
