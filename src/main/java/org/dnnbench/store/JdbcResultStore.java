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
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.dnnbench.accuracy.AccuracyResult;
import org.dnnbench.analysis.MemoryEstimate;
import org.dnnbench.results.AttemptSelection;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Environment;
import org.dnnbench.zoo.Catalog;
import org.dnnbench.zoo.ModelInfo;

/**
 * The store over plain JDBC, for SQLite files and PostgreSQL servers alike (portable SQL; upserts
 * as {@code INSERT ... ON CONFLICT ... DO UPDATE}). SQLite runs in WAL mode with a 30 s busy
 * timeout and immediate transactions, so several processes can write one file at once without
 * losing rows; PostgreSQL serialises migrations with an advisory lock. On open the schema is
 * migrated to {@link Schema#latest()} and the catalog's published accuracies are refreshed as
 * reference rows. One instance holds one connection, in autocommit mode between units of work (so
 * an idle store holds no lock); its methods are synchronized.
 */
public final class JdbcResultStore implements ResultStore {
  /** SQLite busy timeout, ms: how long a writer waits for another to finish. */
  static final int BUSY_TIMEOUT_MS = 30_000;

  private static final long PG_MIGRATION_LOCK = 0x646e6e62L; // "dnnb"

  private final String url;
  private final boolean sqlite;
  private Connection conn;
  private final int version;

  private JdbcResultStore(String url, int upTo) {
    this.url = url;
    this.sqlite = url.startsWith("jdbc:sqlite:");
    try {
      if (sqlite) {
        createParent(url);
        var p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
        p.setProperty("transaction_mode", "IMMEDIATE");
        p.setProperty("synchronous", "NORMAL");
        conn = DriverManager.getConnection(url, p);
      } else {
        conn = DriverManager.getConnection(url);
      }
      // autocommit between units of work: sqlite-jdbc begins a transaction as soon as autocommit
      // is off, and an idle connection must not hold the write lock other processes wait for
      conn.setAutoCommit(true);
      version = migrate(upTo);
      if (upTo >= Schema.latest()) {
        refreshPublished();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot open the results store " + StoreLocation.redact(url), e);
    }
  }

  /** Opens (creating and migrating as needed) the store at a JDBC URL. */
  public static JdbcResultStore open(String url) {
    return new JdbcResultStore(url, Schema.latest());
  }

  /** Opens the store migrated only up to {@code version} (tests of migrations). */
  static JdbcResultStore openAt(String url, int version) {
    return new JdbcResultStore(url, version);
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

  private int migrate(int upTo) throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
    } catch (SQLException e) {
      // another process created it at the same moment; the version query below tells
    }
    int[] current = new int[1];
    transaction(
        () -> {
          if (!sqlite) {
            try (var s = conn.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
              s.setLong(1, PG_MIGRATION_LOCK);
              s.execute();
            }
          }
          current[0] = currentVersion();
          for (Schema.Migration m : Schema.MIGRATIONS) {
            if (m.version() <= current[0] || m.version() > upTo) {
              continue;
            }
            try (Statement s = conn.createStatement()) {
              for (String sql : m.statements()) {
                s.execute(sql);
              }
            }
            try (var ps =
                conn.prepareStatement(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
              ps.setInt(1, m.version());
              ps.setString(2, m.description());
              ps.setString(3, Instant.now().toString());
              ps.executeUpdate();
            }
            current[0] = m.version();
          }
        });
    if (current[0] > Schema.latest()) {
      throw new StoreException(
          "the results store "
              + StoreLocation.redact(url)
              + " has schema version "
              + current[0]
              + ", newer than this dnnbench knows ("
              + Schema.latest()
              + "); update dnnbench",
          null);
    }
    return current[0];
  }

  /** Runs {@code work} in one transaction, then returns to autocommit. */
  private void transaction(Work work) throws SQLException {
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

  private int currentVersion() throws SQLException {
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void refreshPublished() throws SQLException {
    transaction(
        () -> {
          for (ModelInfo m : Catalog.standard().models()) {
            if (m.publishedTop1().isEmpty() && m.publishedTop5().isEmpty()) {
              continue;
            }
            var rec =
                AccuracyRecord.published(
                    m.id(),
                    m.publishedTop1().orElse(Double.NaN),
                    m.publishedTop5().orElse(Double.NaN),
                    m.accuracySource());
            upsert("published_accuracies", Codec.published(rec), Codec.PUBLISHED_KEY);
          }
        });
  }

  @Override
  public String location() {
    return StoreLocation.redact(url);
  }

  @Override
  public synchronized int schemaVersion() {
    return version;
  }

  private interface Work {
    void run() throws SQLException;
  }

  private synchronized void inTransaction(String what, Work work) {
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

  @Override
  public void putAnalysis(AnalysisRecord a) {
    String now = Instant.now().toString();
    inTransaction(
        "store the analysis of " + a.model(),
        () -> {
          upsert("analyses", Codec.analysis(a, now), Codec.ANALYSIS_KEY);
          try (var ps =
              conn.prepareStatement(
                  "DELETE FROM memory_estimates WHERE model = ? AND convention = ?")) {
            ps.setString(1, a.model());
            ps.setString(2, a.convention());
            ps.executeUpdate();
          }
          for (MemoryEstimate e : a.memory()) {
            upsert(
                "memory_estimates", Codec.memory(a.model(), a.convention(), e), Codec.MEMORY_KEY);
          }
        });
  }

  @Override
  public void putCase(CaseResult r) {
    String now = Instant.now().toString();
    var row = Codec.bench(r, now);
    inTransaction(
        "store the case " + r.model() + " at batch " + r.batch(),
        () -> {
          upsertMachine(r.environment(), now);
          insert("bench_attempts", row);
          upsert("bench_cases", representative(row), Codec.BENCH_KEY);
        });
  }

  /**
   * The row that represents the case of {@code row} among all its stored attempts, by {@link
   * AttemptSelection} (valid first, then the tightest interval, then the newest).
   */
  private Map<String, Object> representative(Map<String, Object> row) {
    List<Object> key = Codec.BENCH_KEY.stream().map(row::get).toList();
    String where = String.join(" AND ", Codec.BENCH_KEY.stream().map(c -> c + " = ?").toList());
    List<Map.Entry<CaseResult, String>> all =
        query(
            "SELECT * FROM bench_attempts WHERE " + where + " ORDER BY recorded_at",
            key,
            x -> Map.entry(Codec.bench(x), x.str("recorded_at")));
    var ranked = new ArrayList<Map.Entry<Integer, Map.Entry<CaseResult, String>>>();
    for (int i = 0; i < all.size(); i++) {
      ranked.add(Map.entry(i, all.get(i)));
    }
    return AttemptSelection.pick(
            ranked,
            e ->
                new AttemptSelection.Rank(
                    e.getValue().getKey().valid(),
                    e.getValue().getKey().timing().ciHalfWidth(),
                    e.getKey()))
        .map(e -> Codec.bench(e.getValue().getKey(), e.getValue().getValue()))
        .orElse(row);
  }

  private void insert(String table, Map<String, Object> row) throws SQLException {
    var cols = new ArrayList<>(row.keySet());
    String sql =
        "INSERT INTO "
            + table
            + " ("
            + String.join(", ", cols)
            + ") VALUES ("
            + String.join(", ", java.util.Collections.nCopies(cols.size(), "?"))
            + ")";
    try (var ps = conn.prepareStatement(sql)) {
      bind(ps, new ArrayList<>(row.values()));
      ps.executeUpdate();
    }
  }

  @Override
  public void putAccuracy(AccuracyResult a, Environment env) {
    String now = Instant.now().toString();
    inTransaction(
        "store the accuracy of " + a.model(),
        () -> {
          boolean known = env != null && env.machineId() != null && !env.machineId().isBlank();
          if (known) {
            upsertMachine(env, now);
          }
          upsert("accuracies", Codec.accuracy(a, known ? env : null), Codec.ACCURACY_KEY);
        });
  }

  @Override
  public void putAccuracy(AccuracyRecord r) {
    if (r.kind() != AccuracyKind.MEASURED) {
      throw new IllegalArgumentException(
          "published accuracies come from the catalog and are never stored as results: "
              + r.model());
    }
    inTransaction(
        "store the accuracy of " + r.model(),
        () ->
            upsert(
                "accuracies", Codec.accuracy(r.measured(), r.environment()), Codec.ACCURACY_KEY));
  }

  @Override
  public void putAll(ImportBatch batch) {
    String now = Instant.now().toString();
    inTransaction(
        "import " + batch.size() + " rows",
        () -> {
          for (CaseResult r : batch.cases()) {
            upsertMachine(r.environment(), now);
            upsert("bench_cases", Codec.bench(r, now), Codec.BENCH_KEY);
          }
          for (AnalysisRecord a : batch.analyses()) {
            upsert("analyses", Codec.analysis(a, now), Codec.ANALYSIS_KEY);
          }
          for (ImportBatch.Memory m : batch.memory()) {
            upsert(
                "memory_estimates",
                Codec.memory(m.model(), m.convention(), m.estimate()),
                Codec.MEMORY_KEY);
          }
          for (AccuracyRecord r : batch.accuracies()) {
            if (r.kind() != AccuracyKind.MEASURED) {
              throw new IllegalArgumentException("published accuracies are never imported");
            }
            upsert("accuracies", Codec.accuracy(r.measured(), r.environment()), Codec.ACCURACY_KEY);
          }
        });
  }

  private void upsertMachine(Environment env, String now) throws SQLException {
    var row = Codec.machine(env, now);
    // keep an earlier label when this result came without one
    String sql =
        "INSERT INTO machines (machine_id, label, cpu_model, cores, memory_mb, os, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (machine_id) DO UPDATE SET"
            + " label = CASE WHEN excluded.label = '' THEN machines.label ELSE excluded.label END,"
            + " cpu_model = excluded.cpu_model, cores = excluded.cores, memory_mb = excluded.memory_mb,"
            + " os = excluded.os, updated_at = excluded.updated_at";
    try (var ps = conn.prepareStatement(sql)) {
      bind(ps, new ArrayList<>(row.values()));
      ps.executeUpdate();
    }
  }

  private void upsert(String table, Map<String, Object> row, List<String> key) throws SQLException {
    var cols = new ArrayList<>(row.keySet());
    var sb =
        new StringBuilder("INSERT INTO ")
            .append(table)
            .append(" (")
            .append(String.join(", ", cols))
            .append(") VALUES (");
    sb.append(String.join(", ", java.util.Collections.nCopies(cols.size(), "?")))
        .append(") ON CONFLICT (");
    sb.append(String.join(", ", key)).append(")");
    var updates =
        cols.stream().filter(c -> !key.contains(c)).map(c -> c + " = excluded." + c).toList();
    sb.append(updates.isEmpty() ? " DO NOTHING" : " DO UPDATE SET " + String.join(", ", updates));
    try (var ps = conn.prepareStatement(sb.toString())) {
      bind(ps, new ArrayList<>(row.values()));
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

  private interface RowReader<T> {
    T read(Codec.Row row) throws SQLException;
  }

  private synchronized <T> List<T> query(String sql, List<Object> args, RowReader<T> reader) {
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
    {
      try (var ps = conn.prepareStatement(sql)) {
        bind(ps, args);
        var out = new ArrayList<T>();
        try (ResultSet rs = ps.executeQuery()) {
          var md = rs.getMetaData();
          var names = new HashMap<String, Integer>();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            names.put(md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), i);
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
  }

  @Override
  public List<AnalysisRecord> analyses() {
    var mem = new HashMap<String, List<MemoryEstimate>>();
    for (var e :
        query(
            "SELECT * FROM memory_estimates ORDER BY model, convention, batch",
            List.of(),
            r -> Map.entry(r.str("model") + "\u0000" + r.str("convention"), Codec.memory(r)))) {
      mem.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
    }
    return query(
        "SELECT * FROM analyses ORDER BY model, convention",
        List.of(),
        r ->
            Codec.analysis(
                r, mem.getOrDefault(r.str("model") + "\u0000" + r.str("convention"), List.of())));
  }

  @Override
  public List<CaseResult> cases() {
    return query(
        "SELECT * FROM bench_cases ORDER BY machine_id, engine, execution_provider, model, batch",
        List.of(),
        Codec::bench);
  }

  @Override
  public List<AccuracyRecord> accuracies() {
    var out =
        new ArrayList<AccuracyRecord>(
            query(
                "SELECT * FROM published_accuracies ORDER BY model", List.of(), Codec::published));
    out.addAll(
        query("SELECT * FROM accuracies ORDER BY model, measured_at", List.of(), Codec::accuracy));
    return out;
  }

  @Override
  public List<MachineRecord> machines() {
    var out = new ArrayList<>(query("SELECT * FROM machines", List.of(), Codec::machine));
    out.sort(
        Comparator.comparing(MachineRecord::displayName).thenComparing(MachineRecord::machineId));
    return out;
  }

  @Override
  public List<CaseResult> attempts(Environment env) {
    return query(
        "SELECT * FROM bench_attempts WHERE machine_id = ? AND engine = ? AND execution_provider = ?"
            + " ORDER BY model, batch, recorded_at",
        List.of(env.machineId(), nz(env.engine().name()), nz(env.engine().executionProvider())),
        Codec::bench);
  }

  @Override
  public Set<CaseKey> storedCases(Environment env) {
    return new LinkedHashSet<>(
        query(
            "SELECT model, batch FROM bench_cases WHERE machine_id = ? AND engine = ? AND execution_provider = ?"
                + " AND status <> 'interrupted' ORDER BY model, batch",
            List.of(env.machineId(), nz(env.engine().name()), nz(env.engine().executionProvider())),
            r -> new CaseKey(r.str("model"), r.integer("batch"))));
  }

  /** The tables of the database (tests of migrations). */
  synchronized Set<String> tables() {
    try {
      var out = new java.util.TreeSet<String>();
      try (ResultSet rs = conn.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          out.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot list tables of " + location(), e);
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
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
