package io.github.pooltune.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP relay on a free port of 127.0.0.1 that forwards every connection to a target
 * (a PostgreSQL server) and injects network faults for real: {@link #cut()} closes every
 * connection and refuses new ones, as a server that went away; {@link #stall()} keeps
 * connections open and accepts new ones but forwards no byte in either direction, as a
 * network path that stopped answering. Plain blocking sockets, two threads per
 * connection; meant for tests, not for throughput.
 *
 * @author pooltune
 */
public final class TcpRelay implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(TcpRelay.class);

	private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

	private static final AtomicInteger relays = new AtomicInteger();

	private final InetSocketAddress target;

	private final int port;

	private final String name;

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private final Object flow = new Object();

	private boolean stalled;

	private ServerSocket listener;

	/**
	 * While cut: a socket bound to the port that does not listen, so that connections are
	 * refused and no other program on the machine is given the port meanwhile.
	 */
	private Socket portHold;

	/** The thread accepting on {@link #listener}. */
	private volatile Thread acceptor;

	private boolean closed;

	private TcpRelay(InetSocketAddress target, ServerSocket listener) {
		this.target = target;
		this.listener = listener;
		this.port = listener.getLocalPort();
		this.name = "tcp-relay-" + relays.incrementAndGet();
		accept(listener);
	}

	/** Starts a relay on a free port of 127.0.0.1 that forwards to {@code host:port}. */
	public static TcpRelay start(String host, int port) throws IOException {
		return new TcpRelay(new InetSocketAddress(host, port), listen(0));
	}

	/** Starts a relay in front of the fixture's server. */
	public static TcpRelay inFrontOf(TestDatabase database) throws IOException {
		return start(database.host(), database.port());
	}

	/** Always 127.0.0.1. */
	public String host() {
		return "127.0.0.1";
	}

	/** The port the relay listens on; the same after {@link #cut()} and {@link #restore()}. */
	public int port() {
		return this.port;
	}

	/** {@code jdbc:postgresql://127.0.0.1:port/database}: the database, reached through this relay. */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://" + host() + ":" + this.port + "/" + database;
	}

	/** Connections open through the relay now. */
	public int connections() {
		return this.links.size();
	}

	/** Connections accepted since the relay started. */
	public int acceptedConnections() {
		return this.accepted.get();
	}

	/**
	 * Closes every connection and stops listening, so that new connections are refused
	 * at once (the server went away). {@link #restore()} listens again.
	 */
	public synchronized void cut() {
		closeListener();
		if (!this.closed && this.portHold == null) {
			this.portHold = holdPort(this.port);
		}
		for (Link link : this.links) {
			link.close();
		}
		synchronized (this.flow) {
			this.flow.notifyAll();
		}
		logger.info("{}: cut; new connections to port {} are refused", this.name, this.port);
	}

	/** Listens again on the same port after {@link #cut()}. */
	public synchronized void restore() throws IOException {
		if (this.closed) {
			throw new IllegalStateException("The relay is closed");
		}
		if (this.listener == null) {
			this.listener = listenAfterHold();
			accept(this.listener);
		}
		logger.info("{}: restored on port {}", this.name, this.port);
	}

	/**
	 * Stops forwarding: connections stay open and new ones are accepted, but no byte goes
	 * through in either direction until {@link #resume()}.
	 */
	public void stall() {
		synchronized (this.flow) {
			this.stalled = true;
		}
		logger.info("{}: stalled", this.name);
	}

	/** Forwards again, starting with the bytes held back while stalled. */
	public void resume() {
		synchronized (this.flow) {
			this.stalled = false;
			this.flow.notifyAll();
		}
		logger.info("{}: resumed", this.name);
	}

	/** Closes every connection and the listener for good. */
	@Override
	public synchronized void close() {
		this.closed = true;
		cut();
		releaseHold();
	}

	/** Both bind with SO_REUSEADDR, which lets the listener bind while the hold, not listening, still has the port. */
	private ServerSocket listenAfterHold() throws IOException {
		try {
			return listen(this.port);
		}
		catch (IOException ex) {
			releaseHold();
			return listen(this.port);
		}
		finally {
			releaseHold();
		}
	}

	private static Socket holdPort(int port) {
		Socket hold = new Socket();
		try {
			hold.setReuseAddress(true);
			hold.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return hold;
		}
		catch (IOException ex) {
			// Best effort: the port is refused all the same while nobody else takes it.
			closeQuietly(hold);
			return null;
		}
	}

	private void releaseHold() {
		if (this.portHold != null) {
			closeQuietly(this.portHold);
			this.portHold = null;
		}
	}

	private static ServerSocket listen(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
		return socket;
	}

	private void closeListener() {
		if (this.listener != null) {
			closeQuietly(this.listener);
			this.listener = null;
			awaitAcceptorGone();
		}
	}

	/**
	 * The JDK's close of a listening socket returns before the kernel stops listening when a
	 * thread is blocked in accept: the socket lives until that thread leaves the call. Only
	 * then are new connections refused.
	 */
	private void awaitAcceptorGone() {
		Thread thread = this.acceptor;
		if (thread == null || thread == Thread.currentThread()) {
			return;
		}
		try {
			thread.join(5_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.acceptor = null;
	}

	private void accept(ServerSocket socket) {
		this.acceptor = daemon(this.name + "-accept", () -> {
			while (!socket.isClosed()) {
				Socket client;
				try {
					client = socket.accept();
				}
				catch (IOException ex) {
					return;
				}
				this.accepted.incrementAndGet();
				daemon(this.name + "-connect", () -> connect(client));
			}
		});
	}

	private void connect(Socket client) {
		Socket server = new Socket();
		try {
			client.setTcpNoDelay(true);
			server.setTcpNoDelay(true);
			server.connect(this.target, CONNECT_TIMEOUT_MILLIS);
		}
		catch (IOException ex) {
			closeQuietly(client);
			closeQuietly(server);
			return;
		}
		Link link = new Link(client, server);
		this.links.add(link);
		synchronized (this) {
			if (this.listener == null) {
				// Cut while this connection was being opened.
				link.close();
				return;
			}
		}
		daemon(this.name + "-up", () -> link.pump(client, server));
		daemon(this.name + "-down", () -> link.pump(server, client));
	}

	/** Blocks while the relay is stalled; false when the link closed meanwhile. */
	private boolean awaitFlowing(Link link) {
		synchronized (this.flow) {
			while (this.stalled && !link.closed) {
				try {
					this.flow.wait(100);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return !link.closed;
		}
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closing in any case.
		}
	}

	/** One client connection and its connection to the target. */
	private final class Link {

		private final Socket client;

		private final Socket server;

		private volatile boolean closed;

		Link(Socket client, Socket server) {
			this.client = client;
			this.server = server;
		}

		void pump(Socket from, Socket to) {
			byte[] buffer = new byte[16 * 1024];
			try {
				InputStream in = from.getInputStream();
				OutputStream out = to.getOutputStream();
				int read;
				while ((read = in.read(buffer)) >= 0) {
					if (!awaitFlowing(this)) {
						return;
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (SocketException ex) {
				// Closed by the other side, or by cut().
			}
			catch (IOException ex) {
				logger.debug("{}: connection ended: {}", TcpRelay.this.name, ex.getMessage());
			}
			finally {
				close();
			}
		}

		void close() {
			this.closed = true;
			closeQuietly(this.client);
			closeQuietly(this.server);
			TcpRelay.this.links.remove(this);
		}

	}

}
