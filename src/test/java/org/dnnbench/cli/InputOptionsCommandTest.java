package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.dnnbench.onnx.InputModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files with symbolic sizes, fixed batches and integer inputs, through bench/analyze/summary. */
class InputOptionsCommandTest {
  @TempDir Path dir;

  private static final String[] QUICK = {
    "--runs",
    "1",
    "--warmup",
    "0",
    "--case-min",
    "0",
    "--max-other-cpu",
    "1",
    "--forks",
    "1",
    "--no-peak",
    "--no-store",
    "--format",
    "csv"
  };

  private static CliRunner.Result bench(String file, String... more) {
    var args = new java.util.ArrayList<String>(java.util.List.of("bench", file));
    args.addAll(java.util.List.of(QUICK));
    args.addAll(java.util.List.of(more));
    return CliRunner.run(args.toArray(String[]::new));
  }

  @Test
  void aMissingSizeIsOneLineNamingTheInputAndTheOptions() throws Exception {
    String file = InputModels.dynamicImage(dir).toString();
    for (String cmd : new String[] {"bench", "analyze"}) {
      var r = cmd.equals("bench") ? bench(file) : CliRunner.run("analyze", file);
      assertAll(
          () -> assertEquals(ExitCodes.USAGE, r.code(), r.err()),
          () -> assertEquals(1, r.err().strip().lines().count(), r.err()),
          () -> assertTrue(r.err().contains("input 'input'"), r.err()),
          () -> assertEquals("", r.out()));
    }
    assertTrue(bench(file).err().contains("--input-size H[xW]"));
  }

  @Test
  void benchWithASizeReportsGflopsFromTheImportedFileNamedByFileName() throws Exception {
    String file = InputModels.dynamicImage(dir).toString();
    var r = bench(file, "--input-size", "32", "--batch", "1");
    assertEquals(0, r.code(), r.err());
    String row = r.out().lines().filter(l -> l.startsWith("dyn.onnx,")).findFirst().orElseThrow();
    assertFalse(r.out().contains(dir.toString()), "the table names the file, not its path");
    var header = java.util.List.of(r.out().lines().findFirst().orElseThrow().split(","));
    String gflops = row.split(",", -1)[header.indexOf("gflops_per_s")];
    assertTrue(Double.parseDouble(gflops) > 0, row);
  }

  @Test
  void analyzeAndSummaryTakeTheSize() throws Exception {
    String file = InputModels.dynamicImage(dir).toString();
    var a = CliRunner.run("analyze", file, "--input-size", "32", "--format", "csv");
    // conv 3x3x3 -> 8 at 32x32: 221184; fc 8 -> 5: 40
    assertEquals(0, a.code(), a.err());
    assertTrue(a.out().contains(",221224,"), a.out());
    var s = CliRunner.run("summary", file, "--input-shape", "input=1x3x20x24", "--format", "csv");
    assertEquals(0, s.code(), s.err());
    assertTrue(s.out().contains("8x20x24"), s.out());
  }

  @Test
  void aFixedBatchIsKeptAndTokenInputsAreIntegers() throws Exception {
    String fixed = InputModels.fixedBatch(dir).toString();
    var r = bench(fixed, "--batch", "1");
    assertEquals(ExitCodes.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("fixed batch of 2") && r.err().contains("--batch 2"), r.err());
    var bert = bench(InputModels.bert(dir).toString(), "--batch", "2");
    assertEquals(0, bert.code(), bert.err());
    assertTrue(bert.out().lines().anyMatch(l -> l.startsWith("bert.onnx,2,fp32,1,ok")), bert.out());
  }
}
