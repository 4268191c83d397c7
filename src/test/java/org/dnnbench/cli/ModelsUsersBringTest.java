package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.dnnbench.onnx.InputModels;
import org.dnnbench.onnx.OcrModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's done-when models through the command line: an OCR-style detector with symbolic height
 * and width (analyze and bench with --input-size), a BERT-style model with int64 token ids and
 * attention mask (analyze, MACs counted by hand, and bench with its integer inputs).
 */
class ModelsUsersBringTest {
  @TempDir Path dir;

  private static final List<String> QUICK =
      List.of(
          "--runs",
          "1",
          "--warmup",
          "0",
          "--forks",
          "1",
          "--no-peak",
          "--no-store",
          "--format",
          "csv");

  private static String column(CliRunner.Result r, String row, String name) {
    var header = List.of(r.out().lines().findFirst().orElseThrow().split(","));
    String line = r.out().lines().filter(l -> l.startsWith(row)).findFirst().orElseThrow();
    return line.split(",", -1)[header.indexOf(name)];
  }

  @Test
  void anOcrDetectorWithSymbolicSizesAnalyzesAndBenchesWithInputSize() throws Exception {
    String f = OcrModels.detector(dir).toString();
    var missing = CliRunner.run("analyze", f);
    var a = CliRunner.run("analyze", f, "--input-size", "32x48", "--format", "csv");
    var b = concat(List.of("bench", f, "--input-size", "32x48", "--batch", "1"));
    // conv1 3*3*3*8 at 16x24: 82944; ConvTranspose 2*2*4 per input element 8*16*24: 49152;
    // head 1x1 4->1 at 64x96: 24576; HardSigmoid, Mul, Add, Resize, Sigmoid: none
    long macs = 82944 + 49152 + 24576;
    assertAll(
        () -> assertEquals(ExitCodes.USAGE, missing.code(), missing.err()),
        () ->
            assertTrue(
                missing.err().contains("input 'x'")
                    && missing.err().contains("p2o.DynamicDimension.0")
                    && missing.err().contains("--input-size"),
                missing.err()),
        () -> assertEquals(0, a.code(), a.err()),
        () -> assertEquals(Long.toString(macs), column(a, "det,", "macs"), a.out()),
        () -> assertEquals(0, b.code(), b.err()),
        () ->
            assertTrue(
                b.out().lines().anyMatch(l -> l.startsWith("det.onnx,1,fp32,1,ok")), b.out()),
        () -> assertTrue(Double.parseDouble(column(b, "det.onnx,", "gflops_per_s")) > 0, b.out()));
  }

  @Test
  void aBertStyleModelAnalyzesAndBenchesWithItsIntegerInputs() throws Exception {
    String f = InputModels.bert(dir).toString();
    var a = CliRunner.run("analyze", f, "--format", "csv", "--batch", "1");
    var b = concat(List.of("bench", f, "--batch", "2"));
    // sequence 6, width 8: q, k, v 3*6*8*8 = 1152; QK^T 6*8*6 = 288; AV 6*6*8 = 288;
    // out 6*8*8 = 384; up 6*8*16 = 768; down 6*16*8 = 768; pooler 8*8 = 64
    long macs = 1152 + 288 + 288 + 384 + 768 + 768 + 64;
    // embeddings 50*8 + 6*8; 3 LayerNorms 3*16; q, k, v, out 4*72; up 144; down 136; pooler 72
    long params = 400 + 48 + 48 + 4 * 72 + 144 + 136 + 72;
    assertAll(
        () -> assertEquals(0, a.code(), a.err()),
        () -> assertEquals(Long.toString(macs), column(a, "bert,", "macs"), a.out()),
        () -> assertEquals(Long.toString(params), column(a, "bert,", "params"), a.out()),
        () -> assertEquals(0, b.code(), b.err()),
        () ->
            assertTrue(
                b.out().lines().anyMatch(l -> l.startsWith("bert.onnx,2,fp32,1,ok")), b.out()),
        () -> assertTrue(Double.parseDouble(column(b, "bert.onnx,", "gflops_per_s")) > 0, b.out()));
  }

  private static CliRunner.Result concat(List<String> args) {
    var all = new java.util.ArrayList<>(args);
    all.addAll(QUICK);
    return CliRunner.run(all.toArray(String[]::new));
  }
}
