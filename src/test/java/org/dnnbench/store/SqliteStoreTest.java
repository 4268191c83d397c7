package org.dnnbench.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dnnbench.format.OutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on an embedded SQLite file. */
class SqliteStoreTest extends StoreContract {
  @TempDir Path dir;
  private int n;

  @Override
  String freshUrl() {
    return StoreLocation.toUrl(dir.resolve("results-" + (n++) + ".db").toString());
  }

  @Test
  void anEmptyFileIsMigratedToTheLatestSchema() throws Exception {
    Path f = Files.createFile(dir.resolve("empty.db"));
    assertEquals(0, Files.size(f));
    try (var s = JdbcResultStore.open(StoreLocation.toUrl(f.toString()))) {
      assertEquals(Schema.latest(), s.schemaVersion());
      assertTrue(
          s.tables()
              .containsAll(
                  Set.of(
                      "schema_version",
                      "machines",
                      "bench_cases",
                      "analyses",
                      "memory_estimates",
                      "accuracies",
                      "published_accuracies")),
          s.tables().toString());
      assertTrue(s.cases().isEmpty());
    }
  }

  /** The columns of {@code bench_cases} in schema version 1. */
  static final java.util.Set<String> V1_BENCH_COLUMNS =
      java.util.Set.of(
          "machine_id",
          "engine",
          "execution_provider",
          "model",
          "batch",
          "machine_label",
          "cpu_model",
          "cores",
          "memory_mb",
          "os",
          "jvm",
          "engine_version",
          "threads",
          "git_revision",
          "dnnbench_version",
          "seed",
          "peak_gflops",
          "status",
          "detail",
          "warmup_runs",
          "runs",
          "cut_by_time",
          "session_ms",
          "first_run_ms",
          "n",
          "mean_ms",
          "std_ms",
          "median_ms",
          "min_ms",
          "max_ms",
          "p90_ms",
          "p99_ms",
          "images_per_s",
          "gflops_per_s",
          "efficiency",
          "valid",
          "peak_rss_mb",
          "baseline_rss_mb",
          "model_rss_mb",
          "device_mem_mb",
          "recorded_at");

  @Test
  void anOlderSchemaIsMigratedInOrderAndKeepsItsRows() throws Exception {
    String url = freshUrl();
    var c = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1).get(3);
    try (var s = JdbcResultStore.openAt(url, 1)) {
      assertEquals(1, s.schemaVersion());
    }
    try (var conn = DriverManager.getConnection(url)) {
      // a version-1 case row: the columns of today's case less those added since
      var row = new java.util.LinkedHashMap<>(Codec.bench(c, "2026-01-01T00:00:00Z"));
      row.keySet().retainAll(V1_BENCH_COLUMNS);
      try (var ps =
          conn.prepareStatement(
              "INSERT INTO bench_cases ("
                  + String.join(", ", row.keySet())
                  + ") VALUES ("
                  + String.join(", ", java.util.Collections.nCopies(row.size(), "?"))
                  + ")")) {
        int i = 1;
        for (Object v : row.values()) {
          ps.setObject(i++, v instanceof Double d && d.isNaN() ? null : v);
        }
        ps.executeUpdate();
      }
      // a version-1 accuracy row, without the environment columns of version 3
      conn.createStatement()
          .execute(
              "INSERT INTO accuracies VALUES ('resnet18', 'abc', 'ds', 'm1', 500, 0, 69.4, 88.8, 4.0, 2.8, 'crop', '2026-01-01T00:00:00Z')");
    }
    try (var s = JdbcResultStore.open(url)) {
      assertEquals(Schema.latest(), s.schemaVersion());
      // stored before the peak kept its probe's state: the figure alone
      var e = c.environment();
      var before =
          new org.dnnbench.results.CaseResult(
              c.key(),
              c.status(),
              c.detail(),
              c.timing(),
              c.valid(),
              c.memory(),
              new org.dnnbench.results.Environment(
                  e.machine(),
                  e.jvm(),
                  e.engine(),
                  e.provenance(),
                  org.dnnbench.results.Peak.of(e.peakGflops())),
              c.machineState(),
              c.attempt());
      assertEquals(List.of(before), s.cases());
      // stored before precision was recorded: fp32, as everything was then
      assertEquals(org.dnnbench.results.Precision.FP32, s.cases().get(0).precision());
      // the migration keeps the old row as the case's first attempt
      assertEquals(List.of(before), s.attempts(c.environment()));
      var acc = s.accuracies().stream().filter(a -> a.kind() == AccuracyKind.MEASURED).toList();
      assertEquals(1, acc.size());
      assertAll(
          () -> assertEquals(69.4, acc.get(0).top1()),
          () -> assertEquals("m1", acc.get(0).machineId()),
          () -> assertEquals("", acc.get(0).environment().engine().name()));
    }
    try (var conn = DriverManager.getConnection(url);
        var rs =
            conn.createStatement()
                .executeQuery("SELECT version FROM schema_version ORDER BY version")) {
      var versions = new ArrayList<Integer>();
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
      assertEquals(
          java.util.stream.IntStream.rangeClosed(1, Schema.latest()).boxed().toList(), versions);
    }
  }

  @Test
  void aNewerSchemaIsRefusedWithAMessage() throws Exception {
    String url = freshUrl();
    try (var s = JdbcResultStore.open(url)) {
      assertEquals(Schema.latest(), s.schemaVersion());
    }
    try (var conn = DriverManager.getConnection(url)) {
      conn.createStatement().execute("INSERT INTO schema_version VALUES (99, 'future', 'now')");
    }
    var e = assertThrows(StoreException.class, () -> JdbcResultStore.open(url));
    assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
  }

  @Test
  void anIdleOpenStoreHoldsNoLockThatBlocksAnotherWriter() {
    String url = freshUrl();
    var cases = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1);
    // a long run keeps its store open; a report or import must not wait for its busy timeout
    assertTimeoutPreemptively(
        java.time.Duration.ofSeconds(JdbcResultStore.BUSY_TIMEOUT_MS / 3000),
        () -> {
          try (var run = JdbcResultStore.open(url);
              var other = JdbcResultStore.open(url)) {
            run.putCase(cases.get(0));
            run.cases();
            other.putCase(cases.get(1));
            run.putCase(cases.get(2));
            other.putCase(cases.get(3));
            assertEquals(4, run.cases().size());
          }
        });
  }

  @Test
  void theFileIsInWalMode() throws Exception {
    String url = freshUrl();
    try (var s = JdbcResultStore.open(url)) {
      s.putCase(StoreFixtures.cases(StoreFixtures.WORKSTATION, 1).get(0));
    }
    try (var conn = DriverManager.getConnection(url);
        var rs = conn.createStatement().executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertEquals("wal", rs.getString(1));
    }
  }

  @Test
  void csvExportIsLocaleIndependentAndImports() throws Exception {
    String a = freshUrl();
    String b = freshUrl();
    try (var src = JdbcResultStore.open(a);
        var dst = JdbcResultStore.open(b)) {
      StoreFixtures.fill(src);
      String csv = OutputFormat.CSV.render(ResultsExchange.export(src));
      // surefire runs with a German default locale: numbers must still use a dot
      assertTrue(csv.contains(",12.5,"), "a batch-1 resnet18 time of 12.5 ms written with a dot");
      assertTrue(!csv.contains("\"12,5\""), "a comma decimal would be a quoted cell");
      File f = dir.resolve("export.csv").toFile();
      Files.writeString(f.toPath(), csv);
      ResultsExchange.importFile(dst, f.toPath());
      assertEquals(sorted(src.cases()), sorted(dst.cases()));
    }
  }

  @Test
  void anImportWithABadPeakTimeIsRefusedNamingIt() throws Exception {
    try (var src = JdbcResultStore.open(freshUrl());
        var dst = JdbcResultStore.open(freshUrl())) {
      src.putCase(StoreFixtures.cases(StoreFixtures.WORKSTATION, 1).get(0));
      String csv =
          org.dnnbench.format.OutputFormat.CSV
              .render(ResultsExchange.export(src))
              .replace("2026-11-30T10:15:00Z", "yesterday");
      Path f = Files.writeString(dir.resolve("bad-peak.csv"), csv);
      var e =
          assertThrows(IllegalArgumentException.class, () -> ResultsExchange.importFile(dst, f));
      assertTrue(
          e.getMessage().contains("column 'peak_measured_at': 'yesterday' is not an ISO-8601"),
          e.getMessage());
      assertEquals(List.of(), dst.cases());
    }
  }

  @Test
  void anImportOfSomethingElseNamesTheProblem() throws Exception {
    Path f = Files.writeString(dir.resolve("x.csv"), "a,b\n1,2\n");
    try (var s = JdbcResultStore.open(freshUrl())) {
      var e = assertThrows(IllegalArgumentException.class, () -> ResultsExchange.importFile(s, f));
      assertTrue(e.getMessage().contains("no column 'record'"), e.getMessage());
    }
  }

  @Test
  void everyAttemptIsKeptAndABenchWithFewerRunsNeverReplacesAValidRunResult() {
    var base = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1).get(3);
    String settings = "threads=2;provider=cpu";
    var run =
        new org.dnnbench.results.CaseResult(
            base.key(),
            base.status(),
            "",
            base.timing(),
            true,
            base.memory(),
            base.environment(),
            null,
            new org.dnnbench.results.Attempt(1, "run", settings));
    var bench =
        new org.dnnbench.results.CaseResult(
            base.key(),
            base.status(),
            "cut short: 2 of 10 runs",
            base.timing(),
            false,
            base.memory(),
            base.environment(),
            null,
            new org.dnnbench.results.Attempt(1, "bench", settings));
    try (var s = JdbcResultStore.open(freshUrl())) {
      s.putCase(run);
      s.putCase(bench);
      assertAll(
          () -> assertEquals(List.of(run), s.cases(), "the valid run result represents the case"),
          () -> assertEquals(List.of(run, bench), s.attempts(base.environment())));
    }
  }
}
