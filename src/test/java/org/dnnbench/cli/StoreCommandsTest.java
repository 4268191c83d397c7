package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dnnbench.store.JdbcResultStore;
import org.dnnbench.store.StoreFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Black-box tests of {@code results}, {@code results import}, {@code report} and {@code recommend}.
 */
class StoreCommandsTest {
  @TempDir Path dir;
  Path db;

  static CliRunner.Result run(String... args) {
    return CliRunner.run(args);
  }

  @BeforeEach
  void fill() {
    db = dir.resolve("results.db");
    try (var s = JdbcResultStore.open("jdbc:sqlite:" + db)) {
      StoreFixtures.fill(s);
    }
  }

  @Test
  void exportThenImportIntoAnotherStore() throws Exception {
    var export = run("results", "--store", db.toString(), "--format", "json");
    assertEquals(0, export.code(), export.err());
    Path file = Files.writeString(dir.resolve("export.json"), export.out());
    Path other = dir.resolve("other.db");
    var imp = run("results", "import", file.toString(), "--store", other.toString());
    assertEquals(0, imp.code(), imp.err());
    // 2 machines x 7 models x 7 batches + 7 analyses + 14 memory estimates + 1 measured accuracy
    assertTrue(imp.out().startsWith("imported 120 rows into jdbc:sqlite:" + other), imp.out());
    var again = run("results", "--store", other.toString(), "--format", "json");
    assertEquals(export.out(), again.out());
  }

  @Test
  void csvIsTheDefaultExport() {
    var r = run("results", "--store", db.toString());
    assertAll(
        () -> assertEquals(0, r.code()),
        () ->
            assertTrue(
                r.out().startsWith("record,machine_id,engine,execution_provider,model,batch,"),
                r.out().substring(0, 80)),
        () -> assertTrue(r.out().contains("\npublished,,,,alexnet,")));
  }

  @Test
  void recommendPrintsPicksAndReasons() {
    var r =
        run("recommend", "--store", db.toString(), "--min-fps", "30", "--machine", "workstation");
    assertEquals(0, r.code(), r.err());
    int resnet50 = r.out().indexOf("resnet50");
    int mobilenet = r.out().indexOf("mobilenet_v2");
    assertAll(
        () -> assertTrue(resnet50 > 0 && resnet50 < mobilenet, r.out()),
        () -> assertTrue(r.out().contains("too slow: 16.0 images/s < 30"), r.out()),
        () -> assertTrue(r.out().contains("dominated by squeezenet1_1"), r.out()));
  }

  @Test
  void recommendNeedsAMachineWhenThereAreSeveral() {
    var r = run("recommend", "--store", db.toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("choose one with --machine: board, workstation"), r.err());
  }

  @Test
  void badConstraintsAreUsageErrors() {
    assertEquals(
        ExitCodes.USAGE,
        run("recommend", "--store", db.toString(), "--min-fps", "0", "--machine", "board").code());
    assertEquals(
        ExitCodes.USAGE, run("recommend", "--store", db.toString(), "--batch", "0").code());
    var missing =
        run("results", "import", dir.resolve("nope.csv").toString(), "--store", db.toString());
    assertEquals(ExitCodes.USAGE, missing.code());
    assertTrue(missing.err().contains("no such file"), missing.err());
  }

  @Test
  void reportWritesThePage() throws Exception {
    Path out = dir.resolve("rep");
    var r = run("report", "--store", db.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertAll(
        () -> assertTrue(Files.size(out.resolve("report.html")) > 100_000),
        () -> assertTrue(r.out().contains("findings on workstation:"), r.out()),
        () -> assertTrue(r.out().contains("(vi) holds: memory = "), r.out()),
        () -> assertTrue(r.out().startsWith("board: 48 of 48 measured cases valid\n"), r.out()),
        () -> assertTrue(r.out().contains("workstation: 49 of 49 measured cases valid"), r.out()),
        () -> assertTrue(r.out().contains("35 of the study's 42 models"), r.out()),
        () ->
            assertTrue(
                r.out()
                    .contains(
                        "findings on the catalog (accuracy and graphs only, no machine):\n"
                            + "  (i) the study's 7: holds: Spearman rho = 0.43 over 7 models"),
                r.out()),
        () -> assertTrue(r.out().contains("across machines: (v) holds: "), r.out()));
  }

  @Test
  void validPrintsOneWayPerFormat() {
    var csv = run("results", "--store", db.toString()).out().split("\n");
    int col = java.util.Arrays.asList(csv[0].split(",")).indexOf("valid");
    var json = run("results", "--store", db.toString(), "--format", "json").out();
    var table = run("results", "--store", db.toString(), "--format", "table").out();
    var md = run("results", "--store", db.toString(), "--format", "markdown").out();
    assertAll(
        () -> assertTrue(col > 0, csv[0]),
        () -> assertEquals("true", csv[1].split(",")[col], csv[1]),
        () -> assertTrue(json.matches("(?s).*\"valid\" ?: ?true.*"), json.substring(0, 400)),
        () -> assertTrue(json.matches("(?s).*\"cut_by_time\" ?: ?false.*"), json.substring(0, 400)),
        () -> assertTrue(table.contains(" yes "), table.substring(0, 400)),
        () -> assertTrue(md.contains("| yes |"), md.substring(0, 400)),
        () -> assertTrue(!table.contains(" true ") && !md.contains("| true |")));
  }

  @Test
  void reportOfAnEmptyStoreSaysWhatToDo() {
    var r =
        run(
            "report",
            "--store",
            dir.resolve("empty.db").toString(),
            "--out",
            dir.resolve("x").toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("run 'dnnbench run' first"), r.err());
  }
}
