package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnnbench.store.JdbcResultStore;
import org.dnnbench.store.StoreFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code results import} against a real SQLite store: a file with one bad row leaves the store
 * byte-for-byte as it was, and importing one record replaces that record and nothing else.
 */
class ImportSafetyTest {
  @TempDir Path dir;
  Path db;
  String csv;
  String json;

  @BeforeEach
  void fill() {
    db = dir.resolve("results.db");
    try (var s = JdbcResultStore.open("jdbc:sqlite:" + db)) {
      StoreFixtures.fill(s);
    }
    csv = CliRunner.run("results", "--store", db.toString(), "--format", "csv").out();
    json = CliRunner.run("results", "--store", db.toString(), "--format", "json").out();
  }

  /** The store's files, byte for byte (the WAL is folded in and removed when a store closes). */
  private byte[] storeBytes() throws Exception {
    assertFalse(Files.exists(Path.of(db + "-wal")), "no write-ahead log is left behind");
    return Files.readAllBytes(db);
  }

  private void refusedAndUnchanged(String name, byte[] content, String message) throws Exception {
    byte[] before = storeBytes();
    Path f = Files.write(dir.resolve(name), content);
    var r = CliRunner.run("results", "import", f.toString(), "--store", db.toString());
    assertAll(
        () -> assertEquals(ExitCodes.USAGE, r.code(), r.out() + r.err()),
        () -> assertTrue(r.err().startsWith("error: " + f + ": "), r.err()),
        () -> assertTrue(r.err().contains(message), r.err()),
        () -> assertEquals(1, r.err().strip().lines().count(), r.err()),
        () -> assertEquals("", r.out()));
    assertArrayEquals(before, storeBytes(), "the store is unchanged");
  }

  /** The CSV export with line {@code lineNo} (1 = header) changed by {@code edit}. */
  private String csvWith(int lineNo, java.util.function.UnaryOperator<String> edit) {
    var lines = new ArrayList<>(csv.lines().toList());
    lines.set(lineNo - 1, edit.apply(lines.get(lineNo - 1)));
    return String.join("\n", lines) + "\n";
  }

  @Test
  void oneBadRowInTheMiddleRefusesTheWholeFileNamingItsLine() throws Exception {
    // line 40 is a bench row: its batch (column 6) becomes 'x'
    String bad =
        csvWith(
            40,
            l -> {
              String[] f = l.split(",", -1);
              f[5] = "x";
              return String.join(",", f);
            });
    // every other row would change the store if it were written: a new label for the machine
    assertTrue(bad.contains("workstation"));
    refusedAndUnchanged(
        "bad.csv",
        bad.replace("workstation", "elsewhere").getBytes(StandardCharsets.UTF_8),
        "row 39 (line 40): column 'batch': 'x' is not a number; nothing was imported");
  }

  @Test
  void aNonFiniteNumberOrAnUnknownStatusIsRefused() throws Exception {
    int statusCol = List.of(csv.lines().findFirst().orElseThrow().split(",")).indexOf("status");
    refusedAndUnchanged(
        "status.csv",
        csvWith(
                5,
                l -> {
                  String[] f = l.split(",", -1);
                  f[statusCol] = "splendid";
                  return String.join(",", f);
                })
            .getBytes(StandardCharsets.UTF_8),
        "row 4 (line 5): unknown case status 'splendid'; valid: ok, oom, crashed, killed");
    int peak = List.of(csv.lines().findFirst().orElseThrow().split(",")).indexOf("peak_rss_mb");
    refusedAndUnchanged(
        "nan.csv",
        csvWith(
                3,
                l -> {
                  String[] f = l.split(",", -1);
                  f[peak] = "NaN";
                  return String.join(",", f);
                })
            .getBytes(StandardCharsets.UTF_8),
        "row 2 (line 3): column 'peak_rss_mb': 'NaN' is not a finite number");
  }

  @Test
  void aCsvExportCutInTheMiddleOfARowIsRefused() throws Exception {
    int cut = csv.indexOf('\n', csv.length() / 2) + 40; // 40 characters into a bench row
    refusedAndUnchanged(
        "cut.csv",
        csv.substring(0, cut).getBytes(StandardCharsets.UTF_8),
        "does not end with a line break: the file was cut short");
    // cut after a column separator and given a line break: too few columns
    String line = csv.substring(csv.indexOf('\n', csv.length() / 2) + 1);
    String partial =
        csv.substring(0, csv.length() - line.length()) + line.substring(0, line.indexOf(',', 30));
    refusedAndUnchanged(
        "short.csv",
        (partial + "\n").getBytes(StandardCharsets.UTF_8),
        "not a complete CSV export: ");
  }

  @Test
  void aBenchRowWithoutAModelIsRefused() throws Exception {
    String header = csv.lines().findFirst().orElseThrow();
    int model = List.of(header.split(",")).indexOf("model");
    refusedAndUnchanged(
        "nomodel.csv",
        csvWith(
                2,
                l -> {
                  String[] f = l.split(",", -1);
                  f[model] = "";
                  return String.join(",", f);
                })
            .getBytes(StandardCharsets.UTF_8),
        "row 1 (line 2): column 'model' is missing or empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"empty", "bom", "object", "emptyArray", "garbage", "truncatedJson"})
  void filesThatAreNotExportsAreRefusedWithOneLine(String kind) throws Exception {
    byte[] garbage = new byte[256];
    new java.util.Random(1).nextBytes(garbage);
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] csvBytes = csv.getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[bom.length + csvBytes.length];
    System.arraycopy(bom, 0, withBom, 0, 3);
    System.arraycopy(csvBytes, 0, withBom, 3, csvBytes.length);
    switch (kind) {
      case "empty" -> refusedAndUnchanged("e.csv", new byte[0], "the file is empty");
      case "bom" -> refusedAndUnchanged("b.csv", withBom, "starts with a byte-order mark");
      case "object" ->
          refusedAndUnchanged(
              "o.json", "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8), "not a dnnbench export");
      case "emptyArray" ->
          refusedAndUnchanged(
              "a.json", "[]\n".getBytes(StandardCharsets.UTF_8), "the export holds no rows");
      case "garbage" -> refusedAndUnchanged("g.csv", garbage, "not UTF-8 text");
      default ->
          refusedAndUnchanged(
              "t.json",
              json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8),
              "not a complete JSON export: ");
    }
  }

  @Test
  void aStoreThatDoesNotExistIsNotCreatedByReadingItAndAnEmptyStoreIsRefused() {
    Path missing = dir.resolve("nothing-here.db");
    var r = CliRunner.run("results", "--store", missing.toString());
    assertAll(
        () -> assertEquals(ExitCodes.USAGE, r.code()),
        () ->
            assertEquals(
                "error: no results store at "
                    + missing
                    + ": nothing was measured there yet; run 'dnnbench run' or name another --store",
                r.err().strip()),
        () -> assertFalse(Files.exists(missing), "no empty store was created"));
    var empty = CliRunner.run("results", "--store", "");
    assertAll(
        () -> assertEquals(ExitCodes.USAGE, empty.code()),
        () -> assertTrue(empty.err().startsWith("error: --store is empty; "), empty.err()));
  }

  @Test
  void importingOneAnalysisRowKeepsThatModelsMemoryEstimates() throws Exception {
    // one analysis row cut from the store's own export, its figures changed
    String header = csv.lines().findFirst().orElseThrow();
    String analysis = csv.lines().filter(l -> l.startsWith("analysis,")).findFirst().orElseThrow();
    String model = analysis.split(",", -1)[List.of(header.split(",")).indexOf("model")];
    Path f = Files.writeString(dir.resolve("one.csv"), header + "\n" + analysis + "\n");
    var before = CliRunner.run("results", "--store", db.toString()).out();
    var r = CliRunner.run("results", "import", f.toString(), "--store", db.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("imported 1 rows"), r.out());
    var after = CliRunner.run("results", "--store", db.toString()).out();
    long memoryRows =
        after
            .lines()
            .filter(l -> l.startsWith("memory_estimate,") && l.contains("," + model + ","))
            .count();
    assertAll(
        () -> assertTrue(memoryRows > 0, "the model has memory estimates: " + model),
        () ->
            assertEquals(
                before.lines().filter(l -> l.startsWith("memory_estimate,")).toList(),
                after.lines().filter(l -> l.startsWith("memory_estimate,")).toList(),
                "no memory estimate was touched"),
        () -> assertEquals(before, after, "re-importing a stored row changes nothing else"));
  }
}
