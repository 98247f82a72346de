package io.github.pooltune.autoconfigure.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code DATABASE_URL} in the form 12-factor hosts and the pooling guides use,
 * {@code postgresql://user:password@host:port/database?sslmode=require}, split into
 * what Spring Boot wants: a JDBC URL without credentials, a user name and a password.
 * Several hosts, as libpq and pgjdbc take them for a primary and its standbys
 * ({@code postgresql://user@host1:5432,host2:5432/database?targetServerType=primary}),
 * become the same list in the JDBC URL.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port[,host:port…]/database?…}
 * @param username the user, or {@code null}
 * @param password the password, or {@code null}
 * @author pooltune
 */
public record DatabaseUrl(String jdbcUrl, String username, String password) {

	private static final Set<String> SCHEMES = Set.of("postgresql", "postgres");

	private static final int DEFAULT_PORT = 5432;

	/** scheme://, user info with its @, the hosts, and the rest (path, query). */
	private static final Pattern HOST_LIST = Pattern.compile("^([^:/?#]+://)((?:[^/?#]*@)?)([^@/?#]*)(.*)$");

	/**
	 * Parses the URL.
	 * @throws InvalidDatabaseUrlException if it is not a PostgreSQL URL; the message never
	 * holds the password
	 */
	public static DatabaseUrl parse(String url) {
		String stripped = url.strip();
		// java.net.URI takes one host only: the first host stands for the list while it parses.
		Matcher hostList = HOST_LIST.matcher(stripped);
		List<String> moreHosts = List.of();
		if (hostList.matches() && hostList.group(3).contains(",")) {
			List<String> hosts = List.of(hostList.group(3).split(",", -1));
			stripped = hostList.group(1) + hostList.group(2) + hosts.get(0) + hostList.group(4);
			moreHosts = hosts.subList(1, hosts.size());
		}
		URI uri = toUri(url, stripped);
		if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
			throw new InvalidDatabaseUrlException(url, "it must start with postgresql:// or postgres://");
		}
		if (uri.getHost() == null) {
			throw new InvalidDatabaseUrlException(url, "it names no host");
		}
		StringBuilder servers = new StringBuilder(hostAndPort(uri));
		for (String host : moreHosts) {
			servers.append(',').append(hostAndPort(url, host));
		}
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		String query = (uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "";
		String jdbcUrl = "jdbc:postgresql://" + servers + path + query;
		String userInfo = uri.getRawUserInfo();
		if (userInfo == null) {
			return new DatabaseUrl(jdbcUrl, null, null);
		}
		int colon = userInfo.indexOf(':');
		String username = decode((colon != -1) ? userInfo.substring(0, colon) : userInfo);
		String password = (colon != -1) ? decode(userInfo.substring(colon + 1)) : null;
		return new DatabaseUrl(jdbcUrl, username, password);
	}

	/**
	 * The JDBC URL without its query, which may hold secrets ({@code sslpassword=…}): the
	 * server and the database only.
	 */
	public String location() {
		int query = this.jdbcUrl.indexOf('?');
		return (query != -1) ? this.jdbcUrl.substring(0, query) : this.jdbcUrl;
	}

	/** One more host of the list: {@code host}, {@code host:port} or {@code [ipv6]:port}, nothing else. */
	private static String hostAndPort(String url, String host) {
		URI uri = hostOnly(host);
		if (uri == null || uri.getHost() == null || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty()) {
			throw new InvalidDatabaseUrlException(url, "its list of hosts holds '" + host
					+ "', which is not host or host:port (separate hosts with commas: host1:5432,host2:5432)");
		}
		return hostAndPort(uri);
	}

	private static URI hostOnly(String host) {
		try {
			return host.isEmpty() ? null : new URI("postgresql://" + host);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static String hostAndPort(URI uri) {
		int port = (uri.getPort() != -1) ? uri.getPort() : DEFAULT_PORT;
		return uri.getHost() + ":" + port;
	}

	private static URI toUri(String url, String parsed) {
		try {
			return new URI(parsed);
		}
		catch (URISyntaxException ex) {
			throw new InvalidDatabaseUrlException(url,
					"it is not a valid URL (percent-encode special characters in the user and password, e.g. @ as %40)");
		}
	}

	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/** Never prints the password. */
	@Override
	public String toString() {
		return "DatabaseUrl[jdbcUrl=" + this.jdbcUrl + ", username=" + this.username + ", password="
				+ ((this.password != null) ? "******" : null) + "]";
	}

}
