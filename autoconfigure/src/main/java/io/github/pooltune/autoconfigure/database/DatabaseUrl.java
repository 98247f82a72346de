package io.github.pooltune.autoconfigure.database;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A {@code DATABASE_URL} in the form 12-factor hosts and the pooling guides use,
 * {@code postgresql://user:password@host:port/database?sslmode=require}, split into
 * what Spring Boot wants: a JDBC URL without credentials, a user name and a password.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/database?…}
 * @param username the user, or {@code null}
 * @param password the password, or {@code null}
 * @author pooltune
 */
public record DatabaseUrl(String jdbcUrl, String username, String password) {

	private static final Set<String> SCHEMES = Set.of("postgresql", "postgres");

	private static final int DEFAULT_PORT = 5432;

	/**
	 * Parses the URL.
	 * @throws InvalidDatabaseUrlException if it is not a PostgreSQL URL; the message never
	 * holds the password
	 */
	public static DatabaseUrl parse(String url) {
		URI uri = toUri(url.strip());
		if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
			throw new InvalidDatabaseUrlException(url, "it must start with postgresql:// or postgres://");
		}
		if (uri.getHost() == null) {
			throw new InvalidDatabaseUrlException(url, "it names no host");
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : DEFAULT_PORT;
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		String query = (uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "";
		String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + port + path + query;
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

	private static URI toUri(String url) {
		try {
			return new URI(url);
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
