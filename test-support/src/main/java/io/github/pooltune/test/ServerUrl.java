package io.github.pooltune.test;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code TEST_DATABASE_URL} in either form: {@code postgresql://user:pass@host:port/db}
 * (or {@code postgres://}) or {@code jdbc:postgresql://host:port/db?user=…&password=…}.
 *
 * @author pooltune
 */
final class ServerUrl {

	private ServerUrl() {
	}

	static PostgresServer parse(String url, String source) {
		String text = url.strip();
		boolean jdbc = text.startsWith("jdbc:");
		URI uri = toUri(jdbc ? text.substring("jdbc:".length()) : text);
		if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
			throw new IllegalArgumentException(
					"TEST_DATABASE_URL must start with postgresql://, postgres:// or jdbc:postgresql://");
		}
		if (uri.getHost() == null) {
			throw new IllegalArgumentException("TEST_DATABASE_URL names no host");
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : 5432;
		String path = (uri.getPath() != null) ? uri.getPath().replaceFirst("^/", "") : "";
		String database = path.isEmpty() ? "postgres" : path;
		Map<String, String> query = query(uri.getRawQuery());
		String username = query.getOrDefault("user", "postgres");
		String password = query.getOrDefault("password", "");
		if (uri.getRawUserInfo() != null) {
			String[] parts = uri.getRawUserInfo().split(":", 2);
			username = decode(parts[0]);
			password = (parts.length > 1) ? decode(parts[1]) : "";
		}
		return new PostgresServer(source, uri.getHost(), port, username, password, database, () -> {
		});
	}

	private static URI toUri(String text) {
		try {
			return new URI(text);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException(
					"TEST_DATABASE_URL is not a valid URL (percent-encode special characters in the password)");
		}
	}

	private static Map<String, String> query(String rawQuery) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (rawQuery != null) {
			for (String pair : rawQuery.split("&")) {
				String[] parts = pair.split("=", 2);
				parameters.put(decode(parts[0]), (parts.length > 1) ? decode(parts[1]) : "");
			}
		}
		return parameters;
	}

	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

}
