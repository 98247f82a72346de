package io.github.pooltune.capacity;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * What the server allows and who holds its connections now, read on one connection:
 * its limits, those of the role and the database pooltune connects as and to, and the
 * client connections grouped by {@code application_name}.
 *
 * @param maxConnections {@code max_connections}
 * @param superuserReserved {@code superuser_reserved_connections}
 * @param reservedConnections {@code reserved_connections} (PostgreSQL 16+), else 0
 * @param role the role connected as
 * @param superuser whether that role is a superuser (limits other than max_connections do
 * not apply to it)
 * @param roleLimit the role's {@code CONNECTION LIMIT}, -1 for none
 * @param database the database connected to
 * @param databaseLimit the database's {@code CONNECTION LIMIT}, -1 for none
 * @param connectionsByApplication open client connections per {@code application_name};
 * connections of other roles whose name this role may not see are under "" (empty)
 * @param applicationInstances per {@code application_name}, how many distinct client
 * hosts hold its connections
 * @param applicationName the {@code application_name} of the connection it was read on,
 * as the server keeps it (63 bytes at most): this instance's {@link InstanceName}, or the
 * name the application gave its connections
 * @param readAt when it was read
 * @param server the address and port the server answered on ({@code 10.0.0.5:5432},
 * {@code local:5432} on a Unix socket): pools that reach the same one share its
 * connections; {@code null} when not known
 * @author pooltune
 */
public record ServerCapacity(int maxConnections, int superuserReserved, int reservedConnections, String role,
		boolean superuser, int roleLimit, String database, int databaseLimit,
		Map<String, Integer> connectionsByApplication, Map<String, Integer> applicationInstances,
		String applicationName, Instant readAt, String server) {

	private static final String LIMITS = """
			select current_setting('max_connections')::int,
			       current_setting('superuser_reserved_connections')::int,
			       coalesce(current_setting('reserved_connections', true)::int, 0),
			       r.rolname, r.rolsuper, r.rolconnlimit, d.datname, d.datconnlimit,
			       left(current_setting('application_name'), %d),
			       coalesce(host(inet_server_addr()), 'local') || ':' || current_setting('port')
			from pg_roles r, pg_database d
			where r.rolname = current_user and d.datname = current_database()""".formatted(InstanceName.MAX_LENGTH);

	private static final String CONNECTIONS = """
			select coalesce(application_name, ''), count(*)::int,
			       count(distinct coalesce(host(client_addr), 'local'))::int
			from pg_stat_activity
			where backend_type = 'client backend'
			group by 1
			order by 2 desc""";

	/** What a server allows, without knowing which one it is: a plan, or a test. */
	public ServerCapacity(int maxConnections, int superuserReserved, int reservedConnections, String role,
			boolean superuser, int roleLimit, String database, int databaseLimit,
			Map<String, Integer> connectionsByApplication, Map<String, Integer> applicationInstances,
			String applicationName, Instant readAt) {
		this(maxConnections, superuserReserved, reservedConnections, role, superuser, roleLimit, database,
				databaseLimit, connectionsByApplication, applicationInstances, applicationName, readAt, null);
	}

	/** Reads the server on the given connection: two catalog queries, no locks. */
	public static ServerCapacity read(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			Map<String, Integer> connections = new LinkedHashMap<>();
			Map<String, Integer> instances = new LinkedHashMap<>();
			try (ResultSet rows = statement.executeQuery(CONNECTIONS)) {
				while (rows.next()) {
					connections.put(rows.getString(1), rows.getInt(2));
					instances.put(rows.getString(1), rows.getInt(3));
				}
			}
			try (ResultSet limits = statement.executeQuery(LIMITS)) {
				limits.next();
				return new ServerCapacity(limits.getInt(1), limits.getInt(2), limits.getInt(3), limits.getString(4),
						limits.getBoolean(5), limits.getInt(6), limits.getString(7), limits.getInt(8),
						Map.copyOf(connections), Map.copyOf(instances), limits.getString(9), Instant.now(),
						limits.getString(10));
			}
		}
	}

	/**
	 * Slots a role without superuser rights can use:
	 * {@code max_connections - superuser_reserved_connections - reserved_connections}.
	 */
	public int usable() {
		return this.maxConnections - this.superuserReserved - this.reservedConnections;
	}

	/** Open client connections, all applications together. */
	public int totalConnections() {
		return this.connectionsByApplication.values().stream().mapToInt(Integer::intValue).sum();
	}

	/**
	 * The service this connection belongs to: the part of its {@code application_name}
	 * before {@code #}, or all of it; {@code null} when not known.
	 */
	public @Nullable String service() {
		return (this.applicationName != null) ? InstanceName.serviceOf(this.applicationName) : null;
	}

	/**
	 * Whether the connection's name tells this instance from its siblings (a
	 * {@code <service>#<instance>} name), so that its connections and its siblings are
	 * counted by name.
	 */
	public boolean namesInstance() {
		return InstanceName.parse(this.applicationName) != null;
	}

	/** Open connections with exactly this {@code application_name}. */
	public int connectionsNamed(String name) {
		return this.connectionsByApplication.getOrDefault(name, 0);
	}

	/**
	 * Open connections of this service, all its instances together: those named
	 * {@code <service>#…} and those named just {@code <service>}.
	 */
	public int serviceConnections() {
		String service = service();
		if (service == null) {
			return 0;
		}
		return this.connectionsByApplication.entrySet()
			.stream()
			.filter((entry) -> service.equals(InstanceName.serviceOf(entry.getKey())))
			.mapToInt(Map.Entry::getValue)
			.sum();
	}

	/** Open connections of every client that is not this service. */
	public int otherConnections() {
		return totalConnections() - serviceConnections();
	}

	/**
	 * The live instances of this service, this one included, as far as names tell them:
	 * each {@code <service>#<instance>} name is one, and connections named just
	 * {@code <service>} count one per client host. When this connection's name tells no
	 * instance, its distinct client hosts, a lower bound ({@link LiveFleet} estimates
	 * better, with the pools' own counts).
	 */
	public int liveInstances() {
		String service = service();
		if (service == null) {
			return 0;
		}
		int named = (int) this.connectionsByApplication.keySet()
			.stream()
			.filter((name) -> InstanceName.parse(name) != null && service.equals(InstanceName.serviceOf(name)))
			.count();
		return named + this.applicationInstances.getOrDefault(service, 0);
	}

	/** The {@code <service>#<instance>} names of this service's live instances, with their connections. */
	public Map<String, Integer> instanceConnections() {
		String service = service();
		Map<String, Integer> instances = new TreeMap<>();
		if (service != null) {
			this.connectionsByApplication.forEach((name, count) -> {
				if (InstanceName.parse(name) != null && service.equals(InstanceName.serviceOf(name))) {
					instances.put(name, count);
				}
			});
		}
		return instances;
	}

	/** Whether the role's CONNECTION LIMIT applies (it never does to a superuser). */
	public boolean roleLimited() {
		return !this.superuser && this.roleLimit >= 0;
	}

	/** Whether the database's CONNECTION LIMIT applies (it never does to a superuser). */
	public boolean databaseLimited() {
		return !this.superuser && this.databaseLimit >= 0;
	}

	/** How {@link #usable()} is made up, in words. */
	public String describeUsable() {
		StringBuilder described = new StringBuilder().append(usable())
			.append(" usable (max_connections ")
			.append(this.maxConnections)
			.append(" − ")
			.append(this.superuserReserved)
			.append(" superuser reserved");
		if (this.reservedConnections > 0) {
			described.append(" − ").append(this.reservedConnections).append(" reserved_connections");
		}
		return described.append(")").toString();
	}

}
