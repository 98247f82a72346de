package io.github.pooltune.autoconfigure.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

import org.springframework.util.StringUtils;

/**
 * A PostgreSQL JDBC URL as the PostgreSQL driver itself reads it, with
 * {@link Driver#parseURL(String, Properties)}: the hosts and ports it connects to, the
 * database, and the connection parameters, percent-decoded. So pooltune reads
 * {@code ?prepareThreshold=0} or {@code [::1]:6432} exactly as the driver will.
 *
 * @author pooltune
 */
public final class JdbcUrl {

	private static final String PREFIX = "jdbc:postgresql:";

	/** Where the driver connects when the URL names no host: {@code jdbc:postgresql:///orders}. */
	private static final String LOCAL_HOST = "localhost";

	private final Properties properties;

	private JdbcUrl(Properties properties) {
		this.properties = properties;
	}

	/**
	 * Reads the URL as the PostgreSQL driver does.
	 * @return the URL, or {@code null} when it is no PostgreSQL URL the driver can read
	 */
	public static @Nullable JdbcUrl parse(@Nullable String url) {
		// The prefix first: the driver is an optional dependency, and other URLs are not its own.
		if (url == null || !url.startsWith(PREFIX)) {
			return null;
		}
		Properties properties = Driver.parseURL(url, null);
		return (properties != null) ? new JdbcUrl(properties) : null;
	}

	/** Each host with its port, in the order the driver tries them: {@code db.internal:5432}. */
	public List<String> hostsAndPorts() {
		List<String> hosts = values(PGProperty.PG_HOST);
		List<String> ports = values(PGProperty.PG_PORT);
		List<String> hostsAndPorts = new ArrayList<>();
		for (int i = 0; i < hosts.size(); i++) {
			String host = hosts.get(i).isEmpty() ? LOCAL_HOST : hosts.get(i);
			hostsAndPorts.add(host + ":" + ((i < ports.size()) ? ports.get(i) : ""));
		}
		return hostsAndPorts;
	}

	/** Whether any of the hosts is on that port. */
	public boolean connectsToPort(int port) {
		return values(PGProperty.PG_PORT).contains(Integer.toString(port));
	}

	/** The database's name, or {@code null} when the URL names none. */
	public @Nullable String database() {
		String database = get(PGProperty.PG_DBNAME);
		return StringUtils.hasLength(database) ? database : null;
	}

	/**
	 * The value of a connection parameter in the URL ({@code ?prepareThreshold=0}), or
	 * {@code null}; the name is matched ignoring case, as users write {@code applicationName}
	 * for the driver's {@code ApplicationName}.
	 */
	public @Nullable String parameter(String name) {
		for (String key : this.properties.stringPropertyNames()) {
			if (key.equalsIgnoreCase(name)) {
				return this.properties.getProperty(key);
			}
		}
		return null;
	}

	private String get(PGProperty property) {
		return this.properties.getProperty(property.getName(), "");
	}

	/** The driver's comma-separated list: one value a host. */
	private List<String> values(PGProperty property) {
		String[] values = StringUtils.delimitedListToStringArray(get(property), ",");
		return (values.length > 0) ? List.of(values) : List.of("");
	}

}
