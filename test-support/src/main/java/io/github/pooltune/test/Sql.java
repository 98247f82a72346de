package io.github.pooltune.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one value a query answers with, for tests that ask the server a question
 * ({@code select pg_backend_pid()}, {@code show statement_timeout}).
 *
 * @author pooltune
 */
public final class Sql {

	private Sql() {
	}

	/** The first column of the first row, as text; {@code null} for SQL NULL. */
	public static String single(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			if (!result.next()) {
				throw new SQLException("No row from: " + sql);
			}
			return result.getString(1);
		}
	}

	/** The first column of the first row, as a number. */
	public static long singleLong(Connection connection, String sql) throws SQLException {
		return Long.parseLong(single(connection, sql));
	}

}
