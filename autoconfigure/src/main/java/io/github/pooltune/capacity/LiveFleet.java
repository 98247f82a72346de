package io.github.pooltune.capacity;

import java.time.Duration;
import java.time.Instant;

/**
 * The instances of this service connected to one server, and what they and everyone else
 * hold there, as one capacity check read it.
 * <p>
 * When the connections carry pooltune's {@code <service>#<instance>} names, everything is
 * counted by name: this instance's connections exactly, each other name one sibling,
 * whether on this host or another. When the application named its connections itself
 * (one name for every instance), this instance's connections are what its own pools hold
 * open, and the rest under that name belong to siblings: at least one per other client
 * host, and at least as many as it takes to hold those connections, each holding at most
 * {@code pool-size + max-overflow}.
 *
 * @param service the service, as its connections name it
 * @param applicationName this instance's {@code application_name}
 * @param instances the live instances, this one included (at least 1)
 * @param exact whether the instances were counted by name; {@code false} for an estimate
 * @param instanceConnections this instance's open connections on the server
 * @param siblingConnections what the other instances of the service hold
 * @param otherConnections what every client that is not this service holds
 * @param readAt when the server was read
 * @author pooltune
 */
public record LiveFleet(String service, String applicationName, int instances, boolean exact,
		int instanceConnections, int siblingConnections, int otherConnections, Instant readAt) {

	/**
	 * The live fleet on a server.
	 * @param server what the server showed
	 * @param openHere the connections this instance's pools on that server held open as it
	 * was read (HikariCP's count), for names that tell no instance apart
	 * @param perInstance the most connections one instance may open there
	 */
	public static LiveFleet of(ServerCapacity server, int openHere, int perInstance) {
		String name = (server.applicationName() != null) ? server.applicationName() : "";
		String service = InstanceName.serviceOf(name);
		int serviceConnections = server.serviceConnections();
		if (server.namesInstance()) {
			int own = server.connectionsNamed(name);
			return new LiveFleet(service, name, Math.max(1, server.liveInstances()), true, own,
					serviceConnections - own, server.otherConnections(), server.readAt());
		}
		int sameName = server.connectionsNamed(name);
		int namedSiblings = server.instanceConnections().size();
		int plainSiblingConnections = Math.max(0, sameName - openHere);
		int otherHosts = Math.max(0, server.applicationInstances().getOrDefault(name, 0) - 1);
		int plainSiblings = Math.max(otherHosts, ceilDiv(plainSiblingConnections, Math.max(1, perInstance)));
		int own = Math.min(sameName, openHere);
		return new LiveFleet(service, name, 1 + namedSiblings + plainSiblings, false, own, serviceConnections - own,
				server.otherConnections(), server.readAt());
	}

	/** The other live instances of the service. */
	public int siblings() {
		return this.instances - 1;
	}

	/** How long ago the server was read. */
	public Duration age(Instant now) {
		Duration age = Duration.between(this.readAt, now);
		return age.isNegative() ? Duration.ZERO : age;
	}

	/**
	 * Who holds the server's connections, for a log line:
	 * {@code this instance (orders-api#web-1:4242) holds 10 connections, 2 other instances of
	 * 'orders-api' hold 20, other clients hold 3}.
	 */
	public String describe() {
		String siblings = switch (siblings()) {
			case 0 -> "no other instance of '" + this.service + "' is connected";
			case 1 -> "1 other instance of '" + this.service + "' holds " + this.siblingConnections;
			default -> siblings() + " other instances of '" + this.service + "' hold " + this.siblingConnections;
		};
		String counted = this.exact ? "" : " (estimated: the application names its connections itself)";
		return String.format("this instance (%s) holds %d connection%s, %s, other clients hold %d%s",
				this.applicationName, this.instanceConnections, (this.instanceConnections != 1) ? "s" : "", siblings,
				this.otherConnections, counted);
	}

	private static int ceilDiv(int dividend, int divisor) {
		return (dividend + divisor - 1) / divisor;
	}

}
