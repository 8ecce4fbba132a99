package it.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Read-only look into the end-to-end server's PostgreSQL database (the URL and credentials {@code
 * scripts/test} gives the server), for tests that must check what is stored, not only what the API
 * shows.
 */
public final class Database {

  private Database() {}

  /** {@code select count(*) from <table> where <column> = ?}; names come from the test only. */
  public static long count(String table, String column, String value) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement("select count(*) from " + table + " where " + column + " = ?")) {
      s.setString(1, value);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static Connection connect() throws SQLException {
    String url = System.getProperty("it.db-url");
    if (url == null || url.isBlank() || url.startsWith("${")) {
      throw new IllegalStateException("it.db-url is not set: run the tests with scripts/test");
    }
    return DriverManager.getConnection(
        url, System.getProperty("it.db-user"), System.getProperty("it.db-password"));
  }
}
