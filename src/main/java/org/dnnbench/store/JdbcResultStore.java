package org.dnnbench.store;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

  private final Jdbc db;
  private final int version;

  private JdbcResultStore(String url, int upTo) {
    try {
      db = new Jdbc(url);
      version = Migrator.migrate(db, upTo);
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

  private void refreshPublished() throws SQLException {
    db.transaction(
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
            upsert("published_accuracies", RecordCodec.published(rec), Codec.PUBLISHED_KEY);
          }
        });
  }

  @Override
  public String location() {
    return db.location();
  }

  @Override
  public int schemaVersion() {
    return version;
  }

  private void inTransaction(String what, Jdbc.Work work) {
    db.inTransaction(what, work);
  }

  @Override
  public void putAnalysis(AnalysisRecord a) {
    String now = Instant.now().toString();
    inTransaction(
        "store the analysis of " + a.model(),
        () -> {
          upsert("analyses", RecordCodec.analysis(a, now), Codec.ANALYSIS_KEY);
          db.execute(
              "DELETE FROM memory_estimates WHERE model = ? AND convention = ? AND input_size = ?",
              List.of(a.model(), a.convention(), a.inputSize()));
          for (MemoryEstimate e : a.memory()) {
            upsert(
                "memory_estimates",
                RecordCodec.memory(a.model(), a.convention(), a.inputSize(), e),
                Codec.MEMORY_KEY);
          }
        });
  }

  @Override
  public void putCase(CaseResult r) {
    String now = Instant.now().toString();
    var row = Codec.bench(r, now);
    inTransaction(
        "store the case " + r.key().sizedModel() + " at batch " + r.batch(),
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
          upsert("accuracies", RecordCodec.accuracy(a, known ? env : null), Codec.ACCURACY_KEY);
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
                "accuracies",
                RecordCodec.accuracy(r.measured(), r.environment()),
                Codec.ACCURACY_KEY));
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
            upsert("analyses", RecordCodec.analysis(a, now), Codec.ANALYSIS_KEY);
          }
          for (ImportBatch.Memory m : batch.memory()) {
            upsert(
                "memory_estimates",
                RecordCodec.memory(m.model(), m.convention(), m.inputSize(), m.estimate()),
                Codec.MEMORY_KEY);
          }
          for (AccuracyRecord r : batch.accuracies()) {
            if (r.kind() != AccuracyKind.MEASURED) {
              throw new IllegalArgumentException("published accuracies are never imported");
            }
            upsert(
                "accuracies",
                RecordCodec.accuracy(r.measured(), r.environment()),
                Codec.ACCURACY_KEY);
          }
        });
  }

  private void upsertMachine(Environment env, String now) throws SQLException {
    var row = EnvironmentCodec.machineRow(env, now);
    // keep an earlier label when this result came without one
    String sql =
        "INSERT INTO machines (machine_id, label, cpu_model, cores, memory_mb, os, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (machine_id) DO UPDATE SET"
            + " label = CASE WHEN excluded.label = '' THEN machines.label ELSE excluded.label END,"
            + " cpu_model = excluded.cpu_model, cores = excluded.cores, memory_mb = excluded.memory_mb,"
            + " os = excluded.os, updated_at = excluded.updated_at";
    db.execute(sql, new ArrayList<>(row.values()));
  }

  private void upsert(String table, Map<String, Object> row, List<String> key) throws SQLException {
    db.upsert(table, row, key);
  }

  private void insert(String table, Map<String, Object> row) throws SQLException {
    db.insert(table, row);
  }

  private <T> List<T> query(String sql, List<Object> args, Jdbc.RowReader<T> reader) {
    return db.query(sql, args, reader);
  }

  @Override
  public List<AnalysisRecord> analyses() {
    var mem = new HashMap<String, List<MemoryEstimate>>();
    for (var e :
        query(
            "SELECT * FROM memory_estimates ORDER BY model, convention, input_size, batch",
            List.of(),
            r -> Map.entry(analysisKey(r), RecordCodec.memory(r)))) {
      mem.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
    }
    return query(
        "SELECT * FROM analyses ORDER BY model, convention, input_size",
        List.of(),
        r -> RecordCodec.analysis(r, mem.getOrDefault(analysisKey(r), List.of())));
  }

  private static String analysisKey(Codec.Row r) {
    return r.str("model") + "\u0000" + r.str("convention") + "\u0000" + r.str("input_size");
  }

  @Override
  public List<CaseResult> cases() {
    return query(
        "SELECT * FROM bench_cases ORDER BY machine_id, engine, execution_provider, model,"
            + " input_size, batch, precision",
        List.of(),
        Codec::bench);
  }

  @Override
  public List<AccuracyRecord> accuracies() {
    var out =
        new ArrayList<AccuracyRecord>(
            query(
                "SELECT * FROM published_accuracies ORDER BY model",
                List.of(),
                RecordCodec::published));
    out.addAll(
        query(
            "SELECT * FROM accuracies ORDER BY model, measured_at",
            List.of(),
            RecordCodec::accuracy));
    return out;
  }

  @Override
  public List<MachineRecord> machines() {
    var out =
        new ArrayList<>(query("SELECT * FROM machines", List.of(), EnvironmentCodec::machine));
    out.sort(
        Comparator.comparing(MachineRecord::displayName).thenComparing(MachineRecord::machineId));
    return out;
  }

  @Override
  public List<CaseResult> attempts(Environment env) {
    return query(
        "SELECT * FROM bench_attempts WHERE machine_id = ? AND engine = ? AND execution_provider = ?"
            + " ORDER BY model, input_size, batch, precision, recorded_at",
        List.of(env.machineId(), nz(env.engine().name()), nz(env.engine().executionProvider())),
        Codec::bench);
  }

  @Override
  public Set<CaseKey> storedCases(Environment env) {
    return new LinkedHashSet<>(
        query(
            "SELECT model, batch, precision, input_size FROM bench_cases WHERE machine_id = ? AND"
                + " engine = ? AND execution_provider = ? AND status <> 'interrupted'"
                + " ORDER BY model, input_size, batch, precision",
            List.of(env.machineId(), nz(env.engine().name()), nz(env.engine().executionProvider())),
            Codec::caseKey));
  }

  /** The tables of the database (tests of migrations). */
  Set<String> tables() {
    return db.tables();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  @Override
  public void close() {
    db.close();
  }
}
