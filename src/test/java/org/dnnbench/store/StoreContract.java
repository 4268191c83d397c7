package org.dnnbench.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every store must do, whatever the database. Subclasses give a fresh, empty store URL. */
abstract class StoreContract {
  @TempDir Path work;

  /** A JDBC URL of a fresh, empty database for one test. */
  abstract String freshUrl() throws Exception;

  static final Comparator<CaseResult> ORDER =
      Comparator.comparing((CaseResult c) -> c.environment().machineId())
          .thenComparing(CaseResult::model)
          .thenComparingInt(CaseResult::batch);

  static List<CaseResult> sorted(List<CaseResult> l) {
    var c = new ArrayList<>(l);
    c.sort(ORDER);
    return c;
  }

  static List<CaseResult> fixtureCases() {
    var all = new ArrayList<>(StoreFixtures.cases(StoreFixtures.WORKSTATION, 1));
    all.addAll(StoreFixtures.cases(StoreFixtures.BOARD, 4));
    return sorted(all);
  }

  @Test
  void roundTripKeepsEveryValue() throws Exception {
    String url = freshUrl();
    try (var s = JdbcResultStore.open(url)) {
      StoreFixtures.fill(s);
    }
    try (var s = JdbcResultStore.open(url)) {
      assertAll(
          () -> assertEquals(Schema.latest(), s.schemaVersion()),
          () -> assertEquals(fixtureCases(), sorted(s.cases())),
          () ->
              assertEquals(
                  StoreFixtures.analyses(),
                  s.analyses().stream()
                      .sorted(
                          Comparator.comparing(a -> StoreFixtures.modelIds().indexOf(a.model())))
                      .toList()),
          () ->
              assertEquals(
                  List.of("board", "workstation"),
                  s.machines().stream().map(MachineRecord::label).toList()),
          () ->
              assertEquals(
                  List.of(StoreFixtures.RESNET18_MEASURED),
                  s.accuracies().stream()
                      .filter(a -> a.kind() == AccuracyKind.MEASURED)
                      .map(AccuracyRecord::measured)
                      .toList()),
          () ->
              assertEquals(
                  StoreFixtures.WORKSTATION.machineId(),
                  s.accuracies().stream()
                      .filter(a -> a.kind() == AccuracyKind.MEASURED)
                      .findFirst()
                      .orElseThrow()
                      .machineId()),
          () ->
              assertEquals(
                  // an accuracy row keeps no peak
                  new org.dnnbench.results.Environment(
                      StoreFixtures.WORKSTATION.machine(),
                      StoreFixtures.WORKSTATION.jvm(),
                      StoreFixtures.WORKSTATION.engine(),
                      StoreFixtures.WORKSTATION.provenance(),
                      org.dnnbench.results.Peak.NONE),
                  s.accuracies().stream()
                      .filter(a -> a.kind() == AccuracyKind.MEASURED)
                      .findFirst()
                      .orElseThrow()
                      .environment()));
    }
  }

  /** Catalog models with a published accuracy: the study's 41 and every later one built. */
  static final long PUBLISHED =
      org.dnnbench.zoo.Catalog.standard().models().stream()
          .filter(m -> m.publishedTop1().isPresent())
          .count();

  @Test
  void publishedAccuraciesAreReferenceRowsLabelledPublished() throws Exception {
    try (var s = JdbcResultStore.open(freshUrl())) {
      var alexnet = s.accuracies().stream().filter(a -> a.model().equals("alexnet")).toList();
      assertEquals(1, alexnet.size());
      // paper_models.csv: alexnet 56.432 / 79.194
      assertAll(
          () -> assertEquals(AccuracyKind.PUBLISHED, alexnet.get(0).kind()),
          () -> assertEquals(56.432, alexnet.get(0).top1(), 1e-9),
          () -> assertEquals(79.194, alexnet.get(0).top5(), 1e-9),
          () -> assertEquals("", alexnet.get(0).machineId()),
          // every buildable catalog model with a published figure (MobileNet-v1 has none)
          () ->
              assertEquals(
                  PUBLISHED,
                  s.accuracies().stream().filter(a -> a.kind() == AccuracyKind.PUBLISHED).count()));
    }
  }

  @Test
  void writingACaseAgainReplacesIt() throws Exception {
    try (var s = JdbcResultStore.open(freshUrl())) {
      var c = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1).get(0);
      s.putCase(c);
      var slower = StoreFixtures.cases(StoreFixtures.WORKSTATION, 2).get(0);
      s.putCase(slower);
      assertEquals(List.of(slower), s.cases());
    }
  }

  @Test
  void aRunResumesWithOnlyTheMissingCases() throws Exception {
    try (var s = JdbcResultStore.open(freshUrl())) {
      var planned = new ArrayList<CaseKey>();
      for (String m : List.of("resnet18", "vgg16")) {
        for (int b : StoreFixtures.BATCHES) {
          planned.add(new CaseKey(m, b));
        }
      }
      // the interrupted run stored resnet18 at batches 1..8
      StoreFixtures.cases(StoreFixtures.WORKSTATION, 1).stream()
          .filter(c -> c.model().equals("resnet18") && c.batch() <= 8)
          .forEach(s::putCase);
      // the board's cases do not count for the workstation
      StoreFixtures.cases(StoreFixtures.BOARD, 4).forEach(s::putCase);
      var missing = s.missingCases(StoreFixtures.WORKSTATION, planned);
      assertEquals(planned.subList(4, planned.size()), missing);
      assertTrue(s.missingCases(StoreFixtures.BOARD, planned).isEmpty());
    }
  }

  @Test
  void precisionIsPartOfACasesKey() throws Exception {
    try (var s = JdbcResultStore.open(freshUrl())) {
      var fp32 = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1).get(0);
      var int8 =
          inPrecision(StoreFixtures.cases(StoreFixtures.WORKSTATION, 0.5).get(0), Precision.INT8);
      s.putCase(fp32);
      s.putCase(int8);
      var k = fp32.key();
      var int8Key = new CaseKey(k.model(), k.batch(), Precision.INT8);
      var fp16Key = new CaseKey(k.model(), k.batch(), Precision.FP16);
      assertAll(
          // the int8 result sits beside the fp32 one instead of replacing it
          () -> assertEquals(List.of(fp32, int8), s.cases()),
          () -> assertEquals(List.of(fp32, int8), s.attempts(StoreFixtures.WORKSTATION)),
          // a resumed run sees each precision as its own case
          () ->
              assertEquals(
                  List.of(fp16Key),
                  s.missingCases(StoreFixtures.WORKSTATION, List.of(k, int8Key, fp16Key))));
    }
  }

  @Test
  void exportsCarryThePrecisionAndOlderExportsImportAsFp32() throws Exception {
    try (var src = JdbcResultStore.open(freshUrl());
        var dst = JdbcResultStore.open(freshUrl());
        var old = JdbcResultStore.open(freshUrl())) {
      var fp32 = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1).get(0);
      var int8 =
          inPrecision(StoreFixtures.cases(StoreFixtures.WORKSTATION, 0.5).get(0), Precision.INT8);
      src.putCase(fp32);
      src.putCase(int8);
      var table = ResultsExchange.export(src);
      int col = table.columns().indexOf("precision");
      Path csv = Files.createTempFile("dnnbench-export", ".csv");
      Files.writeString(csv, org.dnnbench.format.OutputFormat.CSV.render(table));
      ResultsExchange.importFile(dst, csv);
      // an export written before precision was recorded: the column is not there
      var columns = new ArrayList<>(table.columns());
      columns.remove(col);
      var rows = new ArrayList<List<Object>>();
      for (var r : table.rows()) {
        if (r.get(col) == null || "fp32".equals(r.get(col))) {
          var row = new ArrayList<>(r);
          row.remove(col);
          rows.add(row);
        }
      }
      Files.writeString(
          csv,
          org.dnnbench.format.OutputFormat.CSV.render(
              new org.dnnbench.format.Table(columns, rows)));
      ResultsExchange.importFile(old, csv);
      Files.delete(csv);
      assertAll(
          () -> assertTrue(col >= 0, "the export has a precision column"),
          () -> assertEquals(List.of(fp32, int8), dst.cases()),
          () -> assertEquals(List.of(fp32), old.cases()));
    }
  }

  /** {@code c} at input size {@code size} ({@link CaseKey#inputSize()}). */
  static CaseResult atSize(CaseResult c, String size) {
    return new CaseResult(
        new CaseKey(c.model(), c.batch(), c.precision(), size),
        c.status(),
        c.detail(),
        c.timing(),
        c.valid(),
        c.memory(),
        c.environment(),
        c.machineState(),
        c.attempt());
  }

  /** {@code a} analyzed at input size {@code size} with {@code macs}. */
  static AnalysisRecord analysisAt(AnalysisRecord a, String size, String shape, double macs) {
    return new AnalysisRecord(
        a.model(),
        a.convention(),
        shape,
        a.outputShape(),
        a.params(),
        a.buffers(),
        macs,
        a.memory(),
        size);
  }

  @Test
  void inputSizeIsPartOfACasesAndAnAnalysissKey() throws Exception {
    try (var s = JdbcResultStore.open(freshUrl())) {
      var at224 = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1).get(0);
      var at320 = atSize(StoreFixtures.cases(StoreFixtures.WORKSTATION, 2).get(0), "320");
      s.putCase(at224);
      s.putCase(at320);
      var k = at224.key();
      var k320 = at320.key();
      var k256 = new CaseKey(k.model(), k.batch(), k.precision(), "320x256");
      var a = StoreFixtures.analyses().get(0);
      var a320 = analysisAt(a, "320", "3x320x320", a.macs() * 320 * 320 / (224 * 224));
      s.putAnalysis(a);
      s.putAnalysis(a320);
      var stored = s.analyses().stream().filter(x -> x.model().equals(a.model())).toList();
      assertAll(
          // the case at 320 sits beside the one at the default size instead of replacing it
          () -> assertEquals(List.of(at224, at320), s.cases()),
          () -> assertEquals(List.of(at224, at320), s.attempts(StoreFixtures.WORKSTATION)),
          // a resumed run sees each size as its own case: 320 is done, 320x256 is not
          () ->
              assertEquals(
                  List.of(k256), s.missingCases(StoreFixtures.WORKSTATION, List.of(k, k320, k256))),
          // and each analysis with its own MACs and memory estimates
          () -> assertEquals(List.of(a, a320), stored),
          () -> assertEquals(a320.memory(), stored.get(1).memory()));
      // measured again at 320: replaces that case only
      var again = atSize(StoreFixtures.cases(StoreFixtures.WORKSTATION, 3).get(0), "320");
      s.putCase(again);
      assertAll(
          () -> assertEquals(List.of(k, k320), s.cases().stream().map(CaseResult::key).toList()),
          () -> assertEquals(at224, s.cases().get(0)),
          () -> assertEquals(3, s.attempts(StoreFixtures.WORKSTATION).size()));
    }
  }

  @Test
  void exportsCarryTheInputSizeAndOlderExportsImportAtTheDefaultSize() throws Exception {
    try (var src = JdbcResultStore.open(freshUrl());
        var dst = JdbcResultStore.open(freshUrl());
        var old = JdbcResultStore.open(freshUrl())) {
      var at224 = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1).get(0);
      var at320 = atSize(StoreFixtures.cases(StoreFixtures.WORKSTATION, 2).get(0), "320");
      var a = StoreFixtures.analyses().get(0);
      var a320 = analysisAt(a, "320", "3x320x320", 2 * a.macs());
      src.putCase(at224);
      src.putCase(at320);
      src.putAnalysis(a);
      src.putAnalysis(a320);
      var table = ResultsExchange.export(src);
      Path csv = Files.createTempFile("dnnbench-export", ".csv");
      Files.writeString(csv, org.dnnbench.format.OutputFormat.CSV.render(table));
      ResultsExchange.importFile(dst, csv);
      // an export written before the size was recorded: no input_size column, no sized rows
      int col = table.columns().indexOf("input_size");
      var columns = new ArrayList<>(table.columns());
      columns.remove(col);
      var rows = new ArrayList<List<Object>>();
      for (var r : table.rows()) {
        if (r.get(col) == null || "".equals(r.get(col))) {
          var row = new ArrayList<>(r);
          row.remove(col);
          rows.add(row);
        }
      }
      Files.writeString(
          csv,
          org.dnnbench.format.OutputFormat.CSV.render(
              new org.dnnbench.format.Table(columns, rows)));
      ResultsExchange.importFile(old, csv);
      Files.delete(csv);
      assertAll(
          () -> assertTrue(col >= 0, "the export has an input_size column"),
          () -> assertEquals(List.of(at224, at320), dst.cases()),
          () -> assertEquals(List.of(a, a320), dst.analyses()),
          () -> assertEquals(List.of(at224), old.cases()),
          () -> assertEquals(List.of(a), old.analyses()));
    }
  }

  @Test
  void aVersion8StoreMigratesKeepingItsRowsAtTheDefaultSize() throws Exception {
    String url = freshUrl();
    var c = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1).get(0);
    var a = StoreFixtures.analyses().get(0);
    try (var s = JdbcResultStore.openAt(url, 8)) {
      assertEquals(8, s.schemaVersion());
    }
    try (var conn = java.sql.DriverManager.getConnection(url)) {
      // version-8 rows: today's columns less input_size
      var bench = new java.util.LinkedHashMap<>(Codec.bench(c, "2026-11-01T00:00:00Z"));
      bench.remove("input_size");
      insert(conn, "bench_cases", bench);
      insert(conn, "bench_attempts", bench);
      var analysis = new java.util.LinkedHashMap<>(RecordCodec.analysis(a, "2026-11-01"));
      analysis.remove("input_size");
      insert(conn, "analyses", analysis);
      for (var e : a.memory()) {
        var mem =
            new java.util.LinkedHashMap<>(RecordCodec.memory(a.model(), a.convention(), "", e));
        mem.remove("input_size");
        insert(conn, "memory_estimates", mem);
      }
    }
    try (var s = JdbcResultStore.open(url)) {
      var c320 = atSize(StoreFixtures.cases(StoreFixtures.WORKSTATION, 2).get(0), "320");
      var a320 = analysisAt(a, "320", "3x320x320", 2 * a.macs());
      assertAll(
          () -> assertEquals(Schema.latest(), s.schemaVersion()),
          // the rows are kept, at the model's default size
          () -> assertEquals(List.of(c), s.cases()),
          () -> assertEquals(List.of(c), s.attempts(StoreFixtures.WORKSTATION)),
          () -> assertEquals("", s.cases().get(0).key().inputSize()),
          () -> assertEquals(List.of(a), s.analyses()),
          () -> assertEquals(Set.of(c.key()), s.storedCases(StoreFixtures.WORKSTATION)));
      // the migrated tables take the new key: a case and an analysis at 320 beside the old ones,
      // the old ones replaced by the same key
      s.putCase(c320);
      s.putAnalysis(a320);
      var replaced = StoreFixtures.cases(StoreFixtures.WORKSTATION, 3).get(0);
      s.putCase(replaced);
      s.putAnalysis(a);
      assertAll(
          () ->
              assertEquals(
                  List.of(c.key(), c320.key()), s.cases().stream().map(CaseResult::key).toList()),
          () -> assertEquals(c320, s.cases().get(1)),
          () -> assertEquals(List.of(a, a320), s.analyses()),
          () -> assertEquals(3, s.attempts(StoreFixtures.WORKSTATION).size()));
    }
  }

  private static void insert(
      java.sql.Connection conn, String table, java.util.Map<String, Object> row)
      throws java.sql.SQLException {
    try (var ps =
        conn.prepareStatement(
            "INSERT INTO "
                + table
                + " ("
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
  }

  /** {@code c} as measured in {@code p}. */
  static CaseResult inPrecision(CaseResult c, Precision p) {
    return new CaseResult(
        new CaseKey(c.model(), c.batch(), p),
        c.status(),
        c.detail(),
        c.timing(),
        c.valid(),
        c.memory(),
        c.environment(),
        c.machineState(),
        c.attempt());
  }

  @Test
  void concurrentWritersOnSeparateConnectionsLoseNoRows() throws Exception {
    String url = freshUrl();
    try (var s = JdbcResultStore.open(url)) {
      assertEquals(Schema.latest(), s.schemaVersion());
    }
    var cases = fixtureCases();
    int writers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    var start = new CountDownLatch(1);
    try {
      var futures = new ArrayList<Future<?>>();
      for (int w = 0; w < writers; w++) {
        int first = w;
        futures.add(
            pool.submit(
                () -> {
                  try (var s = JdbcResultStore.open(url)) {
                    start.await();
                    for (int i = first; i < cases.size(); i += writers) {
                      s.putCase(cases.get(i));
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (var f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    try (var s = JdbcResultStore.open(url)) {
      assertEquals(cases, sorted(s.cases()));
    }
  }

  @Test
  void exportThenImportIntoAnotherStoreKeepsEverything() throws Exception {
    String a = freshUrl();
    String b = freshUrl();
    try (var src = JdbcResultStore.open(a);
        var dst = JdbcResultStore.open(b)) {
      StoreFixtures.fill(src);
      var table = ResultsExchange.export(src);
      var file = java.nio.file.Files.createTempFile("dnnbench-export", ".json");
      java.nio.file.Files.writeString(file, org.dnnbench.format.OutputFormat.JSON.render(table));
      var counts = ResultsExchange.importFile(dst, file);
      java.nio.file.Files.delete(file);
      assertAll(
          () -> assertEquals(2 * 7 * 7, counts.bench()),
          () -> assertEquals(7, counts.analyses()),
          () -> assertEquals(1, counts.accuracies()),
          () -> assertEquals(PUBLISHED, counts.publishedSkipped()),
          () -> assertEquals(sorted(src.cases()), sorted(dst.cases())),
          () -> assertEquals(src.analyses(), dst.analyses()),
          () -> assertEquals(src.accuracies(), dst.accuracies()),
          () -> assertEquals(src.machines(), dst.machines()));
    }
  }

  @Test
  void twoProcessesWritingAtOnceLoseNoRows() throws Exception {
    // both processes also race to create and migrate the empty database
    String url = freshUrl();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    var procs = new ArrayList<Process>();
    var go = work.resolve("go");
    for (String label : List.of("proc-a", "proc-b")) {
      procs.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  cp,
                  ConcurrentWriterMain.class.getName(),
                  url,
                  label,
                  "60",
                  go.toString())
              .redirectErrorStream(true)
              .redirectOutput(work.resolve(label + ".log").toFile())
              .start());
    }
    Thread.sleep(300);
    Files.writeString(go, "go");
    for (int i = 0; i < procs.size(); i++) {
      var p = procs.get(i);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "writer process timed out");
      String log =
          Files.readString(
              work.resolve((i == 0 ? "proc-a" : "proc-b") + ".log"), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), log);
    }
    try (var s = JdbcResultStore.open(url)) {
      var cases = s.cases();
      assertAll(
          () -> assertEquals(120, cases.size()),
          () ->
              assertEquals(
                  60,
                  cases.stream()
                      .filter(c -> c.environment().machine().label().equals("proc-a"))
                      .count()),
          () ->
              assertEquals(
                  60,
                  cases.stream()
                      .filter(c -> c.environment().machine().label().equals("proc-b"))
                      .count()));
    }
  }

  /**
   * Four benches run side by side on one machine with {@code --machine-label L1..L4} (their
   * environments read by {@code EnvironmentProbe}, as {@code bench} does) keep four labelled rows:
   * a machine is its fingerprint plus its label.
   */
  @Test
  void concurrentWritersWithFourLabelsKeepFourLabels() throws Exception {
    String url = freshUrl();
    CaseResult template = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1.0).get(0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    var go = new CountDownLatch(1);
    try {
      var futures = new ArrayList<Future<?>>();
      for (int i = 1; i <= 4; i++) {
        String label = "L" + i;
        futures.add(
            pool.submit(
                () -> {
                  var env =
                      org.dnnbench.measure.EnvironmentProbe.current(
                          "onnxruntime",
                          "1.29.0",
                          "cpu",
                          2,
                          label,
                          42,
                          org.dnnbench.results.Peak.NONE);
                  var r =
                      new CaseResult(
                          template.key(),
                          template.status(),
                          template.detail(),
                          template.timing(),
                          template.valid(),
                          template.memory(),
                          env);
                  go.await();
                  try (var s = JdbcResultStore.open(url)) {
                    s.putCase(r);
                  }
                  return null;
                }));
      }
      go.countDown();
      for (var f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    try (var s = JdbcResultStore.open(url)) {
      var labels =
          s.cases().stream()
              .filter(c -> c.key().equals(template.key()))
              .map(c -> c.environment().machine().label())
              .sorted()
              .toList();
      assertEquals(List.of("L1", "L2", "L3", "L4"), labels);
      assertEquals(
          List.of("L1", "L2", "L3", "L4"),
          s.machines().stream()
              .map(m -> m.label())
              .filter(l -> l.startsWith("L"))
              .sorted()
              .toList());
    }
  }
}
