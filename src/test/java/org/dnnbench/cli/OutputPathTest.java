package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a command writes is checked before its work starts, with one line naming the path. */
class OutputPathTest {
  @TempDir Path dir;

  private static void oneLineUsageError(CliRunner.Result r, String expected) {
    assertAll(
        () -> assertEquals(ExitCodes.USAGE, r.code(), r.err()),
        () -> assertTrue(r.err().startsWith("error: " + expected), r.err()),
        () -> assertEquals(1, r.err().strip().lines().count(), r.err()),
        () -> assertFalse(r.err().contains("Exception"), r.err()));
  }

  @Test
  void exportToProcIsRefusedNamingTheDirectory() {
    var r = CliRunner.run("export", "squeezenet1_1", "-o", "/proc/x.onnx");
    oneLineUsageError(r, "cannot write -o /proc/x.onnx: /proc is not writable (");
  }

  @Test
  void exportIntoAMissingDirectoryOrOntoADirectoryIsRefused() {
    oneLineUsageError(
        CliRunner.run("export", "squeezenet1_1", "-o", dir.resolve("no/x.onnx").toString()),
        "cannot write -o " + dir.resolve("no/x.onnx") + ": directory ");
    oneLineUsageError(
        CliRunner.run("export", "squeezenet1_1", "-o", dir.toString()),
        "cannot write -o " + dir + ": it is a directory");
  }

  @Test
  void runWithAFileAsItsReportDirectoryIsRefusedBeforeMeasuring() throws Exception {
    Path file = Files.writeString(dir.resolve("report.txt"), "a file");
    Path db = dir.resolve("results.db");
    long t0 = System.nanoTime();
    var r =
        CliRunner.run(
            "run",
            "--models",
            "squeezenet1_1",
            "--batch",
            "1",
            "--no-peak",
            "--store",
            db.toString(),
            "--out",
            file.toString());
    double s = (System.nanoTime() - t0) / 1e9;
    oneLineUsageError(
        r, "cannot write --out " + file + ": it is a file, not a directory; name a directory");
    assertFalse(Files.exists(db), "nothing was measured or stored");
    assertTrue(s < 10, "refused before the work, in " + s + " s");
  }

  @Test
  void reportUnderAFileIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "a file");
    oneLineUsageError(
        CliRunner.run("report", "--out", file.resolve("sub").toString()),
        "cannot write --out " + file.resolve("sub") + ": " + file + " is a file");
  }
}
