package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.dnnbench.onnx.InputModels;
import org.dnnbench.onnx.OcrModels;
import org.dnnbench.onnx.TorchBertModels;
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
                // the size given is part of the case (its key and the table's input_size)
                b.out().lines().anyMatch(l -> l.startsWith("det.onnx,32x48,1,fp32,1,ok")), b.out()),
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

  @Test
  void aBertEncoderWrittenAsTorchExportsItAnalyzesAndBenchesWithItsIntegerInputs()
      throws Exception {
    String f = TorchBertModels.bert(dir).toString();
    var shapes = List.of("--input-shape", "input_ids=1x16", "--input-shape", "attention_mask=1x16");
    var a =
        CliRunner.run(
            cat(List.of("analyze", f, "--format", "csv", "--batch", "1"), shapes)
                .toArray(String[]::new));
    var b =
        concat(cat(List.of("bench", f, "--batch", "2", "--input-range", "input_ids=0:30"), shapes));
    // Counted by hand; sequence S = 16, width H = 8, 2 heads of d = 4, FFN width 16, 2 layers.
    // Per layer: q, k, v 3 * S*H*H = 3072; scores QK^T heads*S*S*d = 2*16*16*4 = 2048; context
    // (probs)V 2*16*16*4 = 2048; output dense S*H*H = 1024; up S*H*16 = 2048; down S*16*H = 2048:
    // 12288, twice = 24576; pooler (token 0) H*H = 64. Embedding gathers, LayerNorms, the mask,
    // Softmax, GELU and Tanh count no MACs.
    long macs = 2 * (3072 + 2048 + 2048 + 1024 + 2048 + 2048) + 64;
    // word 30*8 = 240, position 16*8 = 128, token type 2*8 = 16, embedding LayerNorm 16; per
    // layer q, k, v, out 4*(64+8) = 288, 2 LayerNorms 32, up 8*16+16 = 144, down 16*8+8 = 136
    // (600, twice 1200); pooler 64+8 = 72. The int64 position/token-type buffers are no parameters.
    long params = 240 + 128 + 16 + 16 + 2 * (288 + 32 + 144 + 136) + 72;
    assertAll(
        () -> assertEquals(0, a.code(), a.err()),
        () -> assertEquals(Long.toString(macs), column(a, "bert-hf,", "macs"), a.out()),
        () -> assertEquals(Long.toString(params), column(a, "bert-hf,", "params"), a.out()),
        () -> assertEquals(0, b.code(), b.err()),
        () ->
            assertTrue(
                b.out()
                    .lines()
                    .anyMatch(
                        l ->
                            l.startsWith(
                                "bert-hf.onnx,\"attention_mask=1x16;input_ids=1x16\",2,fp32,1,ok")),
                b.out()),
        () ->
            assertTrue(
                Double.parseDouble(column(b, "bert-hf.onnx,", "gflops_per_s")) > 0, b.out()));
  }

  @Test
  void inputsThatShareASymbolicDimensionMustBeGivenOneSizeAndAWrongRankIsNoMalformedFile()
      throws Exception {
    String f = TorchBertModels.bert(dir).toString();
    var clash =
        CliRunner.run(
            "analyze",
            f,
            "--input-shape",
            "input_ids=1x16",
            "--input-shape",
            "attention_mask=1x12");
    var rank = CliRunner.run("analyze", f, "--input-shape", "input_ids=1x16x2");
    assertAll(
        () -> assertEquals(ExitCodes.USAGE, clash.code(), clash.err()),
        () ->
            assertTrue(
                clash.err().contains("'sequence'")
                    && clash.err().contains("input 'attention_mask' is given 12")
                    && clash.err().contains("input 'input_ids' 16")
                    && !clash.err().contains("malformed"),
                clash.err()),
        () -> assertEquals(ExitCodes.USAGE, rank.code(), rank.err()),
        () ->
            assertTrue(
                rank.err().contains("has rank 3, the input has rank 2")
                    && !rank.err().contains("malformed"),
                rank.err()));
  }

  private static List<String> cat(List<String> a, List<String> b) {
    var all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static CliRunner.Result concat(List<String> args) {
    var all = new java.util.ArrayList<>(args);
    all.addAll(QUICK);
    return CliRunner.run(all.toArray(String[]::new));
  }
}
