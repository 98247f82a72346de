package io.github.pooltune.sample;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code api_keys} table: finds a key by its SHA-256 (lower-case hex), so the table
 * never holds a key itself. One query, one pool connection, per look-up.
 *
 * @author pooltune
 */
@Repository
class ApiKeys {

	private static final String FIND = "select owner, roles from api_keys where key_hash = ?";

	private final JdbcClient jdbcClient;

	ApiKeys(JdbcClient jdbcClient) {
		this.jdbcClient = jdbcClient;
	}

	Optional<ApiKey> find(String key) {
		return this.jdbcClient.sql(FIND).param(hash(key)).query(ApiKeys::apiKey).optional();
	}

	private static String hash(String key) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	private static ApiKey apiKey(ResultSet row, int rowNumber) throws SQLException {
		Array roles = row.getArray("roles");
		try {
			return new ApiKey(row.getString("owner"), List.of((String[]) roles.getArray()));
		}
		finally {
			roles.free();
		}
	}

}
