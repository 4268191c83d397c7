package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dnnbench.onnx.UncountedOpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** analyze, summary and bench of a file with ops dnnbench cannot count name them. */
class UncountedCommandTest {
  @TempDir Path dir;

  @Test
  void analyzeSummaryAndBenchNameTheUncountedNodes() throws Exception {
    Path f = Files.write(dir.resolve("topk.onnx"), UncountedOpTest.model());
    var a = CliRunner.run("analyze", f.toString(), "--format", "csv", "--batch", "1");
    var s = CliRunner.run("summary", f.toString(), "--format", "csv");
    var b =
        CliRunner.run(
            "bench",
            f.toString(),
            "--runs",
            "1",
            "--warmup",
            "0",
            "--forks",
            "1",
            "--no-peak",
            "--no-store",
            "--batch",
            "1",
            "--format",
            "csv");
    assertAll(
        () -> assertEquals(0, a.code(), a.err()),
        () ->
            assertTrue(
                a.out().contains(",6918,") && a.out().contains("2 nodes uncounted: TopK x2"),
                a.out()),
        () -> assertTrue(a.err().contains("note: topk: 2 nodes uncounted: TopK x2"), a.err()),
        () -> assertEquals(0, s.code(), s.err()),
        () -> assertTrue(s.out().contains("select/topk,Uncounted,TopK,2,0,0"), s.out()),
        () -> assertEquals(0, b.code(), b.err()),
        () -> assertTrue(b.err().contains("2 nodes uncounted: TopK x2"), b.err()));
  }
}
