package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dnnbench.onnx.OnnxExporter;
import org.dnnbench.onnx.OnnxTestModels;
import org.dnnbench.quant.OptimizedGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quantize}, {@code export --precision} and {@code accuracy --precision} as a user runs
 * them.
 */
class PrecisionCommandsTest {
  @TempDir Path dir;

  private Path javaCnn() throws IOException {
    Path f = dir.resolve("cnn.onnx");
    Files.write(f, OnnxExporter.toBytes(org.dnnbench.quant.QdqQuantizerTestModels.cnn(), 3));
    return f;
  }

  @Test
  void quantizeWithoutCalibrationWarnsAndWritesAnInt8Model() throws IOException {
    Path out = dir.resolve("cnn-int8.onnx");
    var r = CliRunner.run("quantize", javaCnn().toString(), "-o", out.toString());
    assertEquals(0, r.code(), r.err());
    ModelProto m = ModelProto.parseFrom(Files.readAllBytes(out));
    var ops = OptimizedGraphs.opCounts(m);
    assertAll(
        () -> assertTrue(r.err().contains("warning: int8 calibrated on random inputs"), r.err()),
        () -> assertTrue(r.out().startsWith("wrote " + out), r.out()),
        () -> assertTrue(ops.getOrDefault("QuantizeLinear", 0) > 5, ops::toString),
        () -> assertTrue(ops.getOrDefault("DequantizeLinear", 0) > 5, ops::toString));
  }

  @Test
  void badCalibrationFolderAndBadPrecisionAreOneLineUsageErrors() throws IOException {
    var noDir =
        CliRunner.run(
            "quantize",
            javaCnn().toString(),
            "--calibration",
            dir.resolve("missing").toString(),
            "-o",
            dir.resolve("x.onnx").toString());
    var badPrecision =
        CliRunner.run(
            "export", "resnet18", "--precision", "int4", "-o", dir.resolve("y.onnx").toString());
    assertAll(
        () -> assertEquals(2, noDir.code()),
        () -> assertEquals(1, noDir.err().strip().lines().count(), noDir.err()),
        () -> assertTrue(noDir.err().contains("missing"), noDir.err()),
        () -> assertEquals(2, badPrecision.code()),
        () ->
            assertTrue(
                badPrecision.err().contains("valid: [fp32, int8, fp16]"), badPrecision.err()));
  }

  @Test
  void accuracyInFp32AndInt8ReportsBothAndTheirPairedDifference() throws IOException {
    var g = ai.onnx.proto.OnnxMl.GraphProto.newBuilder().setName("tiny");
    g.addInput(OnnxTestModels.tensorInfo("image", null, 3, 8, 8));
    g.addInitializer(OnnxTestModels.floats("w", new float[] {-1, -1, -1, 1, 1, 1}, 2, 3));
    g.addInitializer(OnnxTestModels.floats("b", new float[] {0, 0}, 2));
    g.addNode(OnnxTestModels.node("GlobalAveragePool", new String[] {"image"}, "pool"));
    g.addNode(OnnxTestModels.node("Flatten", new String[] {"pool"}, "flat"));
    g.addNode(
        OnnxTestModels.node("Gemm", new String[] {"flat", "w", "b"}, "y")
            .addAttribute(OnnxTestModels.intAttr("transB", 1)));
    g.addOutput(OnnxTestModels.tensorInfo("y", null, 2));
    Path model = Files.write(dir.resolve("tiny.onnx"), OnnxTestModels.model(g).toByteArray());
    Path data = dir.resolve("data");
    int[] dark = {10, 40, 70, 100};
    int[] bright = {150, 180, 210, 240};
    for (int i = 0; i < 4; i++) {
      org.dnnbench.accuracy.TestImagesAccess.gray(
          data.resolve("dark").resolve(i + ".png"), 20, 20, dark[i]);
      org.dnnbench.accuracy.TestImagesAccess.gray(
          data.resolve("bright").resolve(i + ".png"), 20, 20, bright[i]);
    }
    Path labels = Files.write(dir.resolve("labels.txt"), java.util.List.of("dark", "bright"));
    var r =
        CliRunner.run(
            "accuracy",
            model.toString(),
            "--data",
            data.toString(),
            "--labels",
            labels.toString(),
            "--mean",
            "0.5,0.5,0.5",
            "--precision",
            "fp32,int8",
            "-f",
            "csv",
            "--threads",
            "1");
    assertEquals(0, r.code(), r.err());
    var rows = csv(r.out());
    var cols = java.util.List.of(rows.get(0));
    String[] fp32 = rows.get(1);
    String[] int8 = rows.get(2);
    double top1a = Double.parseDouble(fp32[cols.indexOf("top1")]);
    double top1b = Double.parseDouble(int8[cols.indexOf("top1")]);
    assertAll(
        () -> assertEquals(3, rows.size(), r.out()),
        () -> assertEquals("fp32", fp32[cols.indexOf("precision")]),
        () -> assertEquals("int8", int8[cols.indexOf("precision")]),
        () -> assertEquals("tiny [int8]", int8[0]),
        () -> assertEquals(100.0, top1a, r.out()),
        () ->
            assertEquals(
                top1b - top1a, Double.parseDouble(int8[cols.indexOf("top1_diff_pp")]), 1e-9),
        () -> assertEquals("", fp32[cols.indexOf("top1_diff_pp")]),
        () -> assertTrue(r.err().contains("note: int8: calibrated on 8 images"), r.err()),
        () -> assertTrue(r.err().contains("top-1 predictions agree on"), r.err()));
  }

  private static java.util.List<String[]> csv(String text) throws IOException {
    var mapper = new com.fasterxml.jackson.dataformat.csv.CsvMapper();
    mapper.enable(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY);
    try (com.fasterxml.jackson.databind.MappingIterator<String[]> it =
        mapper.readerFor(String[].class).readValues(text)) {
      return it.readAll();
    }
  }
}
