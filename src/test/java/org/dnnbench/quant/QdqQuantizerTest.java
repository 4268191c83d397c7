package org.dnnbench.quant;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.Engines;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.engine.InputTensor;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.engine.Session;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;
import org.dnnbench.onnx.OnnxExporter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Quantizes a small CNN built in Java and one made by PyTorch, then checks in ONNX Runtime that
 * int8 outputs stay close to float outputs and that the graph ONNX Runtime runs computes in int8:
 * its optimized model (written through {@code EngineOptions.optimizedModelPath}) holds a
 * QLinearConv for every convolution, QLinearAdd/QLinearConcat/QLinearGlobalAveragePool and QGemm,
 * and no float Conv, Add, Concat or Gemm.
 *
 * <p>Tolerance: on 32 random inputs of the calibration's distribution (other seed), the relative L2
 * error of the logits, {@code |y8 - y32| / |y32|}, is at most 5%, and the top-1 class agrees on at
 * least 90% of them. Measured: worst 2.5% (Java model) and 0.6% (PyTorch model), agreement 100%.
 */
class QdqQuantizerTest {
  private static final EngineOptions ENGINE =
      new EngineOptions(1, ExecutionProvider.CPU, OptimizationLevel.ALL);
  private static final double MAX_REL_ERROR = 0.05;
  private static final double MIN_AGREEMENT = 0.90;

  /** Stem, max pool, residual block, two-branch concat, depthwise conv with ReLU6, head. */
  public static ModelGraph javaCnn() {
    var b = new GraphBuilder("tiny_java_cnn", Shape.chw(3, 32, 32));
    Tensor x = b.input();
    x = b.relu("stem.relu", b.bn("stem.bn", b.conv("stem", x, Conv2d.of(16, 3).pad(1).noBias())));
    x = b.maxPool("pool", x, MaxPool2d.of(2, 2));
    Tensor a = b.relu("a.relu", b.bn("a.bn1", b.conv("a.conv1", x, Conv2d.of(16, 3).pad(1))));
    a = b.bn("a.bn2", b.conv("a.conv2", a, Conv2d.of(16, 3).pad(1)));
    x = b.relu("a.out", b.add("a.add", a, x));
    Tensor c =
        b.concat("cat", b.conv("b1", x, Conv2d.of(8, 1)), b.conv("b2", x, Conv2d.of(8, 3).pad(1)));
    x =
        b.relu6(
            "dw.relu6", b.conv("dw", b.relu("cat.relu", c), Conv2d.of(16, 3).pad(1).groups(16)));
    x = b.flatten("flat", b.globalAvgPool("gap", x));
    return b.build(b.linear("fc", x, 10));
  }

  @Test
  void javaBuiltModelRunsInInt8AndStaysClose(@org.junit.jupiter.api.io.TempDir Path dir) {
    ModelProto fp32 = OnnxExporter.export(javaCnn(), 7);
    check(fp32, dir, 6);
  }

  @Test
  void pytorchModelRunsInInt8AndStaysClose(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path onnx = Path.of("target", "quant-test", "torch_tiny_cnn.onnx");
    Files.createDirectories(onnx.getParent());
    String why = torchExport(onnx);
    Assumptions.assumeTrue(why == null, () -> "PyTorch export skipped: " + why);
    ModelProto fp32 = ModelProto.parseFrom(Files.readAllBytes(onnx));
    assertTrue(
        OptimizedGraphs.opCounts(fp32).containsKey("BatchNormalization"),
        "the PyTorch file keeps its BatchNormalization nodes, so folding is exercised");
    check(fp32, dir, 6);
  }

  private static void check(ModelProto fp32, Path dir, int convs) {
    var result =
        QdqQuantizer.quantize(fp32, CalibrationSet.random(32, 1), QuantOptions.defaults(), ENGINE);
    assertTrue(result.floatOps().isEmpty(), () -> "left in float: " + result.floatOps());
    Path optimized = dir.resolve("int8-optimized.onnx");
    float[][] y32;
    float[][] y8;
    try (var engine = Engines.create();
        Session s32 = engine.open(fp32.toByteArray(), "fp32", ENGINE);
        Session s8 =
            engine.open(
                result.model().toByteArray(), "int8", ENGINE.withOptimizedModelPath(optimized))) {
      y32 = outputs(s32);
      y8 = outputs(s8);
    }
    ModelProto ran = OptimizedGraphs.read(optimized);
    Map<String, Integer> ops = OptimizedGraphs.opCounts(ran);
    double worst = 0;
    int agree = 0;
    for (int i = 0; i < y32.length; i++) {
      worst = Math.max(worst, relError(y8[i], y32[i]));
      agree += argmax(y8[i]) == argmax(y32[i]) ? 1 : 0;
    }
    double err = worst;
    double agreement = agree / (double) y32.length;
    assertAll(
        () -> assertEquals(convs, ops.getOrDefault("QLinearConv", 0), () -> "ops run: " + ops),
        () -> assertEquals(1, ops.getOrDefault("QLinearAdd", 0), () -> "ops run: " + ops),
        () -> assertEquals(1, ops.getOrDefault("QLinearConcat", 0), () -> "ops run: " + ops),
        () -> assertEquals(1, ops.getOrDefault("QGemm", 0), () -> "ops run: " + ops),
        () ->
            assertEquals(
                1, ops.getOrDefault("QLinearGlobalAveragePool", 0), () -> "ops run: " + ops),
        () ->
            assertEquals(Map.of(), OptimizedGraphs.floatComputeOps(ran), () -> "float ops: " + ops),
        () -> assertTrue(err <= MAX_REL_ERROR, () -> "relative L2 error " + err),
        () -> assertTrue(agreement >= MIN_AGREEMENT, () -> "top-1 agreement " + agreement));
  }

  private static float[][] outputs(Session s) {
    long[] shape = s.inputShape();
    int per = (int) (shape[1] * shape[2] * shape[3]);
    List<float[]> inputs = CalibrationSet.random(32, 99).samples(per);
    float[][] out = new float[inputs.size()][];
    for (int i = 0; i < inputs.size(); i++) {
      try (InputTensor in = s.input(inputs.get(i), 1)) {
        out[i] = s.runValues(in);
      }
    }
    return out;
  }

  static double relError(float[] y, float[] ref) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < y.length; i++) {
      num += (y[i] - ref[i]) * (double) (y[i] - ref[i]);
      den += ref[i] * (double) ref[i];
    }
    return Math.sqrt(num / den);
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Runs tools/torch_tiny_cnn.py; null when it worked, else why not. */
  static String torchExport(Path out) throws IOException, InterruptedException {
    Path python = Path.of("/usr/bin/python3");
    if (!Files.isExecutable(python)) {
      return "no /usr/bin/python3 (Debian's python3-torch is needed)";
    }
    Process p =
        new ProcessBuilder(python.toString(), "tools/torch_tiny_cnn.py", out.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return log.contains("No module named 'torch'")
          ? "/usr/bin/python3 has no torch (apt install python3-torch)"
          : "export failed: " + log.strip();
    }
    return null;
  }
}
