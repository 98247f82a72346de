package io.github.pooltune.autoconfigure.diagnostics;

import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.database.DatabaseUrlEnvironmentPostProcessor;
import io.github.pooltune.autoconfigure.database.JdbcUrl;
import io.github.pooltune.autoconfigure.settings.SettingOrigins;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Where the URL and the credentials of a connection that failed are set, in the names the
 * user changes: {@code DATABASE_URL} when pooltune took them from it, else
 * {@code spring.datasource.*}, or {@code spring.flyway.*} when Flyway connects on its
 * own. Shows the URL only with its passwords masked, and never reads a password.
 *
 * @author pooltune
 */
final class ConnectionSettings {

	static final String DATABASE_URL = "DATABASE_URL";

	private static final String MASK = "******";

	private final String url;

	private final String urlSetting;

	private final String urlOrigin;

	private final String credentialSettings;

	private ConnectionSettings(String url, String urlSetting, String urlOrigin, String credentialSettings) {
		this.url = url;
		this.urlSetting = urlSetting;
		this.urlOrigin = urlOrigin;
		this.credentialSettings = credentialSettings;
	}

	/**
	 * Reads the settings in use.
	 * @param flywayConnects whether the connection was Flyway's own, from
	 * {@code spring.flyway.url} or {@code spring.flyway.user}
	 */
	static ConnectionSettings of(Environment environment, boolean flywayConnects) {
		SettingOrigins origins = new SettingOrigins(environment);
		if (flywayConnects) {
			Optional<ConfigurationProperty> url = origins.find("spring.flyway.url")
				.or(() -> origins.find("spring.datasource.url"));
			return new ConnectionSettings(url.map(ConnectionSettings::value).orElse(null), "spring.flyway.url",
					url.map(SettingOrigins::describe).orElse(null), "spring.flyway.user and spring.flyway.password");
		}
		Optional<ConfigurationProperty> url = origins.find("spring.datasource.url");
		boolean urlFromDatabaseUrl = url.map(ConnectionSettings::isFromDatabaseUrl).orElse(false);
		boolean userFromDatabaseUrl = origins.find("spring.datasource.username")
			.map(ConnectionSettings::isFromDatabaseUrl)
			.orElse(false);
		String credentials = userFromDatabaseUrl
				? "the user and password in DATABASE_URL (postgresql://user:password@host:port/database), or "
						+ "spring.datasource.username and spring.datasource.password, which win over it"
				: "spring.datasource.username and spring.datasource.password (or the user and password in "
						+ "DATABASE_URL, when spring.datasource.url is not set)";
		return new ConnectionSettings(url.map(ConnectionSettings::value).orElse(null),
				urlFromDatabaseUrl ? DATABASE_URL : "spring.datasource.url",
				urlFromDatabaseUrl ? null : url.map(SettingOrigins::describe).orElse(null), credentials);
	}

	/** The URL with any password masked, or {@code null} if none is set. */
	String url() {
		return (this.url != null) ? mask(this.url) : null;
	}

	/** The setting that holds the URL: {@code DATABASE_URL}, {@code spring.datasource.url}. */
	String urlSetting() {
		return this.urlSetting;
	}

	/** The URL setting and where it is set: {@code spring.datasource.url (from application.yml)}. */
	String urlSettingAndOrigin() {
		return (this.urlOrigin != null) ? this.urlSetting + " (from " + this.urlOrigin + ")" : this.urlSetting;
	}

	/** Where the URL shown comes from: {@code spring.datasource.url, from application.yml}. */
	String urlSource() {
		return (this.urlOrigin != null) ? this.urlSetting + ", from " + this.urlOrigin : this.urlSetting;
	}

	/** The settings that hold the user and password, in words. */
	String credentialSettings() {
		return this.credentialSettings;
	}

	/**
	 * {@code host:port} (or several, comma-separated) the driver connects to, as it reads
	 * the URL; {@code null} when it is no PostgreSQL URL.
	 */
	@Nullable String hostsAndPorts() {
		JdbcUrl url = JdbcUrl.parse(this.url);
		return (url != null) ? String.join(",", url.hostsAndPorts()) : null;
	}

	/** The database name from the URL, as the driver reads it, or {@code null}. */
	@Nullable String database() {
		JdbcUrl url = JdbcUrl.parse(this.url);
		return (url != null) ? url.database() : null;
	}

	/**
	 * Masks every password: in the query ({@code password=}, {@code sslpassword=}) and in
	 * a {@code user:password@} part, which pgjdbc does not read but users still write.
	 */
	static String mask(String url) {
		int query = url.indexOf('?');
		String masked = (query != -1) ? url.substring(0, query) + maskParameters(url.substring(query)) : url;
		int slashes = masked.indexOf("//");
		if (slashes == -1) {
			return masked;
		}
		String rest = masked.substring(slashes + 2);
		int at = lastAt(rest);
		int colon = rest.indexOf(':');
		if (at > 0 && colon != -1 && colon < at) {
			return masked.substring(0, slashes + 2) + rest.substring(0, colon + 1) + MASK + rest.substring(at);
		}
		return masked;
	}

	/** {@code ?user=app&password=…}: the value of each parameter whose name holds {@code password}. */
	private static String maskParameters(String query) {
		StringBuilder masked = new StringBuilder();
		for (int start = 0; start < query.length();) {
			int end = query.indexOf('&', start + 1);
			end = (end != -1) ? end : query.length();
			// With its leading ? or &.
			String parameter = query.substring(start, end);
			int equals = parameter.indexOf('=');
			boolean secret = equals > 0
					&& parameter.substring(1, equals).toLowerCase(Locale.ROOT).contains("password");
			masked.append(secret ? parameter.substring(0, equals + 1) + MASK : parameter);
			start = end;
		}
		return masked.toString();
	}

	/**
	 * The last {@code @} before the query: a password may hold {@code /} or {@code @}
	 * unencoded, a host and a database name may not. -1 if there is none.
	 */
	private static int lastAt(String afterSlashes) {
		int query = afterSlashes.indexOf('?');
		String beforeQuery = (query != -1) ? afterSlashes.substring(0, query) : afterSlashes;
		return beforeQuery.lastIndexOf('@');
	}

	private static boolean isFromDatabaseUrl(ConfigurationProperty property) {
		Object source = (property.getSource() != null) ? property.getSource().getUnderlyingSource() : null;
		return source instanceof PropertySource<?> propertySource
				&& DatabaseUrlEnvironmentPostProcessor.PROPERTY_SOURCE_NAME.equals(propertySource.getName());
	}

	private static String value(ConfigurationProperty property) {
		return String.valueOf(property.getValue()).strip();
	}

}
