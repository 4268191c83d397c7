package org.dnnbench.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * One JDBC connection of a {@link JdbcResultStore} and the portable SQL it speaks: units of work in
 * one transaction (run again once on a new connection when a PostgreSQL server was lost), upserts
 * as {@code INSERT ... ON CONFLICT ... DO UPDATE}, inserts and queries over {@link Codec.Row}s.
 * SQLite runs in WAL mode with a {@value JdbcResultStore#BUSY_TIMEOUT_MS} ms busy timeout and
 * immediate transactions. The connection is in autocommit mode between units of work, so an idle
 * store holds no lock; the methods are synchronized.
 */
final class Jdbc implements AutoCloseable {
  /** A unit of work on the connection. */
  interface Work {
    void run() throws SQLException;
  }

  /** Reads one row of a query. */
  interface RowReader<T> {
    T read(Codec.Row row) throws SQLException;
  }

  private final String url;
  private final boolean sqlite;
  private Connection conn;

  /** Connects to {@code url}, creating a SQLite file's folder first. */
  Jdbc(String url) throws SQLException {
    this.url = url;
    this.sqlite = url.startsWith("jdbc:sqlite:");
    if (sqlite) {
      createParent(url);
      var p = new Properties();
      p.setProperty("journal_mode", "WAL");
      p.setProperty("busy_timeout", Integer.toString(JdbcResultStore.BUSY_TIMEOUT_MS));
      p.setProperty("transaction_mode", "IMMEDIATE");
      p.setProperty("synchronous", "NORMAL");
      conn = DriverManager.getConnection(url, p);
    } else {
      conn = DriverManager.getConnection(url);
    }
    // autocommit between units of work: sqlite-jdbc begins a transaction as soon as autocommit
    // is off, and an idle connection must not hold the write lock other processes wait for
    conn.setAutoCommit(true);
  }

  private static void createParent(String url) {
    String path = url.substring("jdbc:sqlite:".length());
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    if (path.isEmpty() || path.equals(":memory:") || path.startsWith("file:")) {
      return;
    }
    Path parent = Path.of(path).toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the store's folder " + parent, e);
    }
  }

  boolean sqlite() {
    return sqlite;
  }

  /** The URL without its password. */
  String location() {
    return StoreLocation.redact(url);
  }

  /** The connection, for statements of a unit of work. */
  synchronized Connection connection() {
    return conn;
  }

  /** Runs {@code work} in one transaction, then returns to autocommit. */
  synchronized void transaction(Work work) throws SQLException {
    conn.setAutoCommit(false);
    try {
      work.run();
      conn.commit();
    } catch (SQLException | RuntimeException e) {
      conn.rollback();
      throw e;
    } finally {
      conn.setAutoCommit(true);
    }
  }

  /**
   * Runs {@code work} in one transaction, once more on a new connection when the first lost it; a
   * failure is a {@link StoreException} saying what could not be done ({@code what}).
   */
  synchronized void inTransaction(String what, Work work) {
    try {
      try {
        transaction(work);
      } catch (SQLException e) {
        if (!reconnectAfter(e)) {
          throw e;
        }
        transaction(work); // the whole unit again, on the new connection
      }
    } catch (SQLException e) {
      throw new StoreException("cannot " + what + " in " + location(), e);
    }
  }

  /**
   * After a failure that lost the connection (a PostgreSQL server restarted: SQLSTATE class 08,
   * {@code 57P01} admin shutdown, or a connection no longer valid), opens a new one; true when it
   * did, so the caller can run its unit of work again. SQLite files have no connection to lose.
   */
  private boolean reconnectAfter(SQLException e) {
    if (sqlite) {
      return false;
    }
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    boolean lost = state.startsWith("08") || state.startsWith("57P");
    try {
      lost = lost || conn.isClosed() || !conn.isValid(2);
    } catch (SQLException ignored) {
      lost = true;
    }
    if (!lost) {
      return false;
    }
    try {
      conn.close();
    } catch (SQLException ignored) {
      // it is gone already
    }
    try {
      conn = DriverManager.getConnection(url);
      conn.setAutoCommit(true);
      return true;
    } catch (SQLException again) {
      e.addSuppressed(again);
      return false;
    }
  }

  /** Inserts {@code row} into {@code table}. */
  synchronized void insert(String table, Map<String, Object> row) throws SQLException {
    var cols = new ArrayList<>(row.keySet());
    String sql =
        "INSERT INTO "
            + table
            + " ("
            + String.join(", ", cols)
            + ") VALUES ("
            + String.join(", ", Collections.nCopies(cols.size(), "?"))
            + ")";
    try (var ps = conn.prepareStatement(sql)) {
      bind(ps, new ArrayList<>(row.values()));
      ps.executeUpdate();
    }
  }

  /** Inserts {@code row}, or replaces the row with the same {@code key} columns. */
  synchronized void upsert(String table, Map<String, Object> row, List<String> key)
      throws SQLException {
    var cols = new ArrayList<>(row.keySet());
    var sb =
        new StringBuilder("INSERT INTO ")
            .append(table)
            .append(" (")
            .append(String.join(", ", cols))
            .append(") VALUES (");
    sb.append(String.join(", ", Collections.nCopies(cols.size(), "?"))).append(") ON CONFLICT (");
    sb.append(String.join(", ", key)).append(")");
    var updates =
        cols.stream().filter(c -> !key.contains(c)).map(c -> c + " = excluded." + c).toList();
    sb.append(updates.isEmpty() ? " DO NOTHING" : " DO UPDATE SET " + String.join(", ", updates));
    execute(sb.toString(), new ArrayList<>(row.values()));
  }

  /** Runs one statement with these arguments. */
  synchronized void execute(String sql, List<Object> args) throws SQLException {
    try (var ps = conn.prepareStatement(sql)) {
      bind(ps, args);
      ps.executeUpdate();
    }
  }

  private static void bind(PreparedStatement ps, List<Object> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      int p = i + 1;
      if (v == null) {
        ps.setNull(p, Types.NULL);
      } else if (v instanceof Integer n) {
        ps.setInt(p, n);
      } else if (v instanceof Long n) {
        ps.setLong(p, n);
      } else if (v instanceof Double d) {
        if (Double.isNaN(d)) {
          ps.setNull(p, Types.DOUBLE);
        } else {
          ps.setDouble(p, d);
        }
      } else {
        ps.setString(p, v.toString());
      }
    }
  }

  /** The rows of a query, each read by {@code reader}; retried once on a new connection. */
  synchronized <T> List<T> query(String sql, List<Object> args, RowReader<T> reader) {
    try {
      return queryOnce(sql, args, reader);
    } catch (SQLException e) {
      if (reconnectAfter(e)) {
        try {
          return queryOnce(sql, args, reader);
        } catch (SQLException again) {
          throw new StoreException("cannot read from " + location(), again);
        }
      }
      throw new StoreException("cannot read from " + location(), e);
    }
  }

  private <T> List<T> queryOnce(String sql, List<Object> args, RowReader<T> reader)
      throws SQLException {
    try (var ps = conn.prepareStatement(sql)) {
      bind(ps, args);
      var out = new ArrayList<T>();
      try (ResultSet rs = ps.executeQuery()) {
        var md = rs.getMetaData();
        var names = new HashMap<String, Integer>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          names.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
        }
        while (rs.next()) {
          Codec.Row row =
              c -> {
                Integer i = names.get(c);
                if (i == null) {
                  return null;
                }
                try {
                  Object v = rs.getObject(i);
                  if (v instanceof Double d) {
                    return Double.toString(d);
                  }
                  return v == null ? null : v.toString();
                } catch (SQLException e) {
                  throw new StoreException("cannot read column " + c, e);
                }
              };
          out.add(reader.read(row));
        }
      }
      return out;
    }
  }

  /** The tables of the database (tests of migrations). */
  synchronized Set<String> tables() {
    try {
      var out = new TreeSet<String>();
      try (ResultSet rs = conn.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          out.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot list tables of " + location(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (!conn.isClosed()) {
        conn.close();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot close " + location(), e);
    }
  }
}
