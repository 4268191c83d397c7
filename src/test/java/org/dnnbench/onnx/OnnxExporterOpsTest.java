package org.dnnbench.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiFunction;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.Engines;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.engine.InferenceEngine;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.AvgPool2d;
import org.dnnbench.graph.ChannelShuffle;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Slice;
import org.dnnbench.graph.Softmax;
import org.dnnbench.graph.Tensor;
import org.dnnbench.graph.ZeroPad2d;
import org.junit.jupiter.api.Test;

/**
 * The weight-free ops, exported and run in ONNX Runtime on known inputs; expected values are
 * computed by hand (index arithmetic), independently of the exporter.
 */
class OnnxExporterOpsTest {
  private static final InferenceEngine ENGINE = Engines.create();
  private static final EngineOptions OPTS =
      new EngineOptions(1, ExecutionProvider.CPU, OptimizationLevel.NONE);

  /** x[i] = i for a C x H x W input at batch 1. */
  private static float[] iota(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return v;
  }

  private static float[] run(Shape in, BiFunction<GraphBuilder, Tensor, Tensor> body, float[] x) {
    var g = new GraphBuilder("t", in);
    ModelGraph graph = g.build(body.apply(g, g.input()));
    try (var s = ENGINE.open(OnnxExporter.toBytes(graph, 1), "t", OPTS);
        var input = s.input(x, 1)) {
      return s.runValues(input);
    }
  }

  @Test
  void channelShuffleInterleavesGroups() {
    // 6 channels of 1x1 in 2 groups: [0 1 2 | 3 4 5] -> 0 3 1 4 2 5
    float[] out =
        run(Shape.chw(6, 1, 1), (g, x) -> g.apply("s", new ChannelShuffle(2), x), iota(6));
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, out);
  }

  @Test
  void sliceKeepsTheRangeOfTheAxis() {
    float[] out = run(Shape.chw(4, 1, 2), (g, x) -> g.apply("s", new Slice(0, 1, 3), x), iota(8));
    assertArrayEquals(new float[] {2, 3, 4, 5}, out);
  }

  @Test
  void zeroPadIsAsymmetric() {
    // 1x1x2 input [0 1], pad left 1, right 0, top 0, bottom 1 -> 2x3: [0 0 1; 0 0 0]
    float[] out =
        run(
            Shape.chw(1, 1, 2),
            (g, x) -> g.apply("p", new ZeroPad2d(1, 0, 0, 1), x),
            new float[] {5, 7});
    assertArrayEquals(new float[] {0, 5, 7, 0, 0, 0}, out);
  }

  @Test
  void concatAndNaryAddAndBroadcastMul() {
    float[] x = {1, 2, 3, 4}; // 2 channels of 1x2
    float[] cat = run(Shape.chw(2, 1, 2), (g, t) -> g.concat("c", t, t), x);
    assertArrayEquals(new float[] {1, 2, 3, 4, 1, 2, 3, 4}, cat);
    float[] sum = run(Shape.chw(2, 1, 2), (g, t) -> g.add("a", t, t, t), x);
    assertArrayEquals(new float[] {3, 6, 9, 12}, sum);
    // C x H x W times its C x 1 x 1 mean (squeeze-and-excitation shape)
    float[] se = run(Shape.chw(2, 1, 2), (g, t) -> g.mul("m", t, g.globalAvgPool("gap", t)), x);
    assertArrayEquals(new float[] {1.5f, 3f, 10.5f, 14f}, se);
  }

  @Test
  void relu6AndHardSwishAndSoftmax() {
    float[] x = {-1, 3, 7};
    assertArrayEquals(new float[] {0, 3, 6}, run(Shape.of(3), (g, t) -> g.relu6("r", t), x));
    // hardswish(x) = x * relu6(x + 3) / 6: -1 -> -1/3, 3 -> 3, 7 -> 7
    float[] hs =
        run(Shape.of(3), (g, t) -> g.apply("h", new Activation(Activation.Kind.HARD_SWISH), t), x);
    assertArrayEquals(new float[] {-1f / 3, 3, 7}, hs, 1e-6f);
    float[] sm =
        run(
            Shape.of(3),
            (g, t) -> g.apply("s", new Softmax(), t),
            new float[] {0, 0, (float) Math.log(2)});
    assertArrayEquals(new float[] {0.25f, 0.25f, 0.5f}, sm, 1e-6f);
  }

  @Test
  void ceilModePoolingMatchesPyTorchShapes() {
    // PyTorch: MaxPool2d(3, 2, ceil_mode=True) on 1x6x6 -> 1x3x3 (last window starts at 4, inside)
    float[] mp =
        run(Shape.chw(1, 6, 6), (g, t) -> g.maxPool("p", t, MaxPool2d.of(3, 2).ceil()), iota(36));
    assertArrayEquals(new float[] {14, 16, 17, 26, 28, 29, 32, 34, 35}, mp);
    // AvgPool2d(2, 2, padding=1, count_include_pad=False) on 1x2x2 [0 1; 2 3]: each window holds
    // one value
    float[] ap =
        run(
            Shape.chw(1, 2, 2),
            (g, t) -> g.avgPool("p", t, AvgPool2d.of(2, 2).pad(1).excludePad()),
            iota(4));
    assertArrayEquals(new float[] {0, 1, 2, 3}, ap);
  }

  @Test
  void metadataRecordsProvenance() {
    var g = new GraphBuilder("tiny", Shape.chw(3, 4, 4));
    ModelGraph graph = g.build(g.conv("c", g.input(), org.dnnbench.graph.Conv2d.of(2, 3)));
    var meta = OnnxExporter.metadata(OnnxExporter.export(graph, 9));
    assertEquals("tiny", meta.get(OnnxExporter.KEY_MODEL));
    assertEquals("9", meta.get(OnnxExporter.KEY_SEED));
    // 3*3*3 MACs per output, 2x2x2 outputs
    assertEquals("216", meta.get(OnnxExporter.KEY_MACS));
    assertTrue(meta.containsKey(OnnxExporter.KEY_VERSION));
    assertTrue(meta.get(OnnxExporter.KEY_WEIGHTS).contains("He"));
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherWeights() {
    var g = new GraphBuilder("tiny", Shape.chw(3, 4, 4));
    ModelGraph graph = g.build(g.conv("c", g.input(), org.dnnbench.graph.Conv2d.of(2, 3)));
    assertArrayEquals(OnnxExporter.toBytes(graph, 5), OnnxExporter.toBytes(graph, 5));
    assertTrue(
        !java.util.Arrays.equals(OnnxExporter.toBytes(graph, 5), OnnxExporter.toBytes(graph, 6)));
  }

  /**
   * Every weighted op and window variant in one small graph; ONNX Runtime's shape of each node must
   * be dnnbench's. Window cases where ceil mode and padding interact (PyTorch drops a last window
   * that would start in the right padding) are included.
   */
  @Test
  void everyOpVariantHasDnnbenchsShapesInOnnxRuntime() throws Exception {
    var g = new GraphBuilder("kitchen", Shape.chw(4, 15, 15));
    Tensor x =
        g.conv(
            "conv", g.input(), org.dnnbench.graph.Conv2d.of(8, 3, 5).stride(2).pad(1, 2).noBias());
    x = g.bn("bn", x);
    x = g.apply("lrn", new org.dnnbench.graph.Lrn(5, 1e-4, 0.75, 2), x);
    x = g.relu6("relu6", x);
    Tensor a = g.conv("dw", x, org.dnnbench.graph.Conv2d.of(8, 3).pad(2).dilation(2).groups(8));
    a = g.apply("tanh", new Activation(Activation.Kind.TANH), a);
    Tensor b = g.sigmoid("sig", x);
    x = g.add("add", a, b);
    // 8x8 -> ceil-mode windows
    Tensor p1 = g.maxPool("mp_ceil", x, MaxPool2d.of(3, 2).ceil()); // 4x4
    Tensor p2 = g.maxPool("mp_ceil_pad", x, MaxPool2d.of(2, 2).pad(1).ceil()); // (8+2-2)/2 -> 5
    Tensor p3 = g.avgPool("ap_ceil_pad", x, AvgPool2d.of(3, 2).pad(1).ceil().excludePad()); // 5?
    Tensor p4 =
        g.maxPool(
            "mp7", g.apply("slice7", new Slice(1, 0, 7), x), MaxPool2d.of(2, 2).pad(1).ceil());
    Tensor c =
        g.concat(
            "cat",
            g.globalAvgPool("g1", p1),
            g.globalAvgPool("g2", p2),
            g.globalAvgPool("g3", p3),
            g.globalAvgPool("g4", p4));
    Tensor ad =
        g.apply(
            "adaptive",
            new org.dnnbench.graph.AdaptiveAvgPool2d(2, 2),
            g.apply("pad", new ZeroPad2d(0, 0, 0, 0), x));
    Tensor f = g.concat("cat2", g.flatten("f1", c), g.flatten("f2", ad));
    f = g.dropout("drop", f, 0.2);
    f = g.apply("hs", new Activation(Activation.Kind.HARD_SWISH), g.linear("fc", f, 10));
    ModelGraph graph = g.build(g.apply("softmax", new Softmax(), f));
    float[] y = ExportCheck.runAndCheckShapes(graph);
    assertEquals(10, y.length);
    double sum = 0;
    for (float v : y) {
      sum += v;
    }
    assertEquals(1, sum, 1e-5, "softmax sums to 1");
  }
}
