package org.dnnbench.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * Brings a store's schema up to a version: applies the missing {@link Schema#MIGRATIONS} in order,
 * recording each in {@code schema_version}, all in one transaction (PostgreSQL under an advisory
 * lock, so two processes opening one new database do not both migrate it).
 */
final class Migrator {
  private static final long PG_MIGRATION_LOCK = 0x646e6e62L; // "dnnb"

  private Migrator() {}

  /** Migrates up to {@code upTo}; returns the version the store has now. */
  static int migrate(Jdbc db, int upTo) throws SQLException {
    try (Statement s = db.connection().createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
    } catch (SQLException e) {
      // another process created it at the same moment; the version query below tells
    }
    int[] current = new int[1];
    db.transaction(
        () -> {
          if (!db.sqlite()) {
            try (var s = db.connection().prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
              s.setLong(1, PG_MIGRATION_LOCK);
              s.execute();
            }
          }
          current[0] = currentVersion(db);
          for (Schema.Migration m : Schema.MIGRATIONS) {
            if (m.version() <= current[0] || m.version() > upTo) {
              continue;
            }
            try (Statement s = db.connection().createStatement()) {
              for (String sql : m.statements()) {
                s.execute(sql);
              }
            }
            db.execute(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                List.of(m.version(), m.description(), Instant.now().toString()));
            current[0] = m.version();
          }
        });
    if (current[0] > Schema.latest()) {
      throw new StoreException(
          "the results store "
              + db.location()
              + " has schema version "
              + current[0]
              + ", newer than this dnnbench knows ("
              + Schema.latest()
              + "); update dnnbench",
          null);
    }
    return current[0];
  }

  private static int currentVersion(Jdbc db) throws SQLException {
    try (Statement s = db.connection().createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
