package io.github.pooltune.autoconfigure.hikari;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import org.jspecify.annotations.Nullable;

import io.github.pooltune.autoconfigure.database.JdbcUrl;
import io.github.pooltune.autoconfigure.settings.PoolSettings;
import io.github.pooltune.autoconfigure.settings.Setting;

/**
 * What pooltune asks of the PostgreSQL driver on every pool connection: connect and
 * socket timeouts and TCP keepalive, so a stalled network fails a request instead of
 * hanging it, and the server-side {@code statement_timeout} and
 * {@code idle_in_transaction_session_timeout}, sent in the connection's start-up
 * packet ({@code options}), so they cost no round trip. Applied once, before the pool
 * starts; anything the user set in the URL or the data source properties wins.
 *
 * @param properties the pgjdbc properties, as pgjdbc names them
 * @param serverSettings the server settings for every session, as PostgreSQL names them
 * (milliseconds)
 * @author pooltune
 */
public record DriverProperties(Map<String, String> properties, Map<String, Long> serverSettings) {

	/** Computes the properties for the given settings. */
	public static DriverProperties of(PoolSettings settings) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("connectTimeout", seconds(settings.value(Setting.CONNECT_TIMEOUT)));
		properties.put("loginTimeout", seconds(settings.value(Setting.CONNECT_TIMEOUT)));
		properties.put("socketTimeout", seconds(settings.value(Setting.SOCKET_TIMEOUT)));
		properties.put("tcpKeepAlive", "true");
		Map<String, Long> serverSettings = new LinkedHashMap<>();
		putIfOn(serverSettings, "statement_timeout", settings.value(Setting.STATEMENT_TIMEOUT));
		putIfOn(serverSettings, "idle_in_transaction_session_timeout",
				settings.value(Setting.IDLE_IN_TRANSACTION_TIMEOUT));
		return new DriverProperties(properties, serverSettings);
	}

	/** Whether the pool connects with the PostgreSQL driver, the only one these properties are for. */
	public static boolean isPostgres(HikariConfig config) {
		String url = config.getJdbcUrl();
		String dataSourceClass = config.getDataSourceClassName();
		String driverClass = config.getDriverClassName();
		return (url != null && url.startsWith("jdbc:postgresql:"))
				|| (dataSourceClass != null && dataSourceClass.startsWith("org.postgresql."))
				|| (driverClass != null && driverClass.startsWith("org.postgresql."));
	}

	/**
	 * Sets what the user has not set. The server settings go into pgjdbc's
	 * {@code options}, or, when the URL holds its own {@code options} (which would win
	 * over the property), into HikariCP's connection init SQL.
	 * @return the names set, for the start-up line
	 */
	public List<String> applyTo(HikariConfig config) {
		List<String> applied = new ArrayList<>();
		this.properties.forEach((name, value) -> {
			if (userValue(config, name) == null) {
				config.addDataSourceProperty(name, value);
				applied.add(name + "=" + value);
			}
		});
		if (!this.serverSettings.isEmpty()) {
			applied.add(applyServerSettings(config));
		}
		return applied;
	}

	private String applyServerSettings(HikariConfig config) {
		if (inUrl(config, "options") != null) {
			StringBuilder sql = new StringBuilder();
			this.serverSettings.forEach((name, millis) -> sql.append("SET ").append(name).append(" = ").append(millis).append("; "));
			String userSql = config.getConnectionInitSql();
			config.setConnectionInitSql(sql.toString().strip() + ((userSql != null) ? " " + userSql : ""));
			return "connectionInitSql=" + sql.toString().strip();
		}
		StringBuilder options = new StringBuilder();
		this.serverSettings.forEach((name, millis) -> options.append("-c ").append(name).append('=').append(millis).append(' '));
		Object userOptions = config.getDataSourceProperties().get("options");
		String value = options.toString().strip() + ((userOptions != null) ? " " + userOptions : "");
		config.addDataSourceProperty("options", value);
		return "options=" + options.toString().strip();
	}

	/**
	 * A driver property as the user set it, in the URL (read as the driver reads it) or
	 * in the data source properties, matched ignoring case; {@code null} when not set.
	 */
	static @Nullable String userValue(HikariConfig config, String name) {
		String inUrl = inUrl(config, name);
		if (inUrl != null) {
			return inUrl;
		}
		return config.getDataSourceProperties()
			.entrySet()
			.stream()
			.filter((entry) -> name.equalsIgnoreCase(String.valueOf(entry.getKey())))
			.map((entry) -> String.valueOf(entry.getValue()))
			.findFirst()
			.orElse(null);
	}

	private static @Nullable String inUrl(HikariConfig config, String name) {
		JdbcUrl url = JdbcUrl.parse(config.getJdbcUrl());
		return (url != null) ? url.parameter(name) : null;
	}

	private static void putIfOn(Map<String, Long> serverSettings, String name, Duration value) {
		if (!value.isZero()) {
			serverSettings.put(name, value.toMillis());
		}
	}

	/** pgjdbc takes whole seconds; a part second rounds up, so 500ms does not become "no timeout". */
	private static String seconds(Duration duration) {
		long seconds = duration.toSeconds() + ((duration.toMillisPart() > 0) ? 1 : 0);
		return Long.toString(seconds);
	}

}
