package io.github.pooltune.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The relay forwards bytes both ways, refuses connections while cut and holds every
 * byte back while stalled; against an echo server and against the fixture's PostgreSQL.
 *
 * @author pooltune
 */
class TcpRelayTests {

	private ServerSocket echo;

	private TcpRelay relay;

	@BeforeEach
	void startEchoServerAndRelay() throws IOException {
		this.echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::echoAll, "echo-accept");
		acceptor.setDaemon(true);
		acceptor.start();
		this.relay = TcpRelay.start("127.0.0.1", this.echo.getLocalPort());
	}

	@AfterEach
	void stop() throws IOException {
		this.relay.close();
		this.echo.close();
	}

	@Test
	void forwardsBothWays() throws IOException {
		try (Socket socket = connect()) {
			assertThat(roundTrip(socket, "hello")).isEqualTo("hello");
			assertThat(this.relay.connections()).isEqualTo(1);
		}
	}

	@Test
	void cutClosesConnectionsAndRefusesNewOnesUntilRestored() throws Exception {
		try (Socket socket = connect()) {
			assertThat(roundTrip(socket, "one")).isEqualTo("one");
			this.relay.cut();
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		assertThatExceptionOfType(ConnectException.class).isThrownBy(this::connect);
		this.relay.restore();
		try (Socket socket = connect()) {
			assertThat(roundTrip(socket, "two")).isEqualTo("two");
		}
	}

	@Test
	void stallHoldsBytesBackInBothDirectionsUntilResumed() throws Exception {
		try (Socket open = connect()) {
			assertThat(roundTrip(open, "before")).isEqualTo("before");
			this.relay.stall();
			try (Socket fresh = connect()) {
				send(open, "held");
				send(fresh, "new");
				open.setSoTimeout(500);
				fresh.setSoTimeout(500);
				assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> open.getInputStream().read());
				assertThatExceptionOfType(SocketTimeoutException.class)
					.isThrownBy(() -> fresh.getInputStream().read());
				this.relay.resume();
				open.setSoTimeout(2_000);
				fresh.setSoTimeout(2_000);
				assertThat(read(open, 4)).isEqualTo("held");
				assertThat(read(fresh, 3)).isEqualTo("new");
			}
		}
	}

	@Test
	void postgresThroughTheRelay() throws Exception {
		TestDatabase database = TestDatabase.get();
		try (TcpRelay postgresRelay = TcpRelay.inFrontOf(database)) {
			Properties properties = new Properties();
			properties.setProperty("user", database.username());
			properties.setProperty("password", database.password());
			properties.setProperty("socketTimeout", "1");
			try (Connection connection = new org.postgresql.Driver()
				.connect(postgresRelay.jdbcUrl(database.databaseName()), properties);
					Statement statement = connection.createStatement()) {
				try (ResultSet result = statement.executeQuery("select 1")) {
					assertThat(result.next()).isTrue();
				}
				postgresRelay.stall();
				long start = System.nanoTime();
				assertThatExceptionOfType(java.sql.SQLException.class)
					.isThrownBy(() -> statement.executeQuery("select 1"));
				assertThat((System.nanoTime() - start) / 1_000_000).isBetween(900L, 3_000L);
			}
		}
	}

	private Socket connect() throws IOException {
		return new Socket("127.0.0.1", this.relay.port());
	}

	private static String roundTrip(Socket socket, String text) throws IOException {
		send(socket, text);
		socket.setSoTimeout(2_000);
		return read(socket, text.length());
	}

	private static void send(Socket socket, String text) throws IOException {
		socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
	}

	private static String read(Socket socket, int length) throws IOException {
		return new String(socket.getInputStream().readNBytes(length), StandardCharsets.US_ASCII);
	}

	private void echoAll() {
		while (!this.echo.isClosed()) {
			try {
				Socket socket = this.echo.accept();
				Thread thread = new Thread(() -> echo(socket), "echo");
				thread.setDaemon(true);
				thread.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private static void echo(Socket socket) {
		try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
			byte[] buffer = new byte[1024];
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// Client gone.
		}
	}

}
