package org.dnnbench.analysis;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;
import org.junit.jupiter.api.Test;

/** Parameters, MACs and memory of small graphs, computed by hand. */
class AnalyzerTest {
  private static ModelGraph single(
      Shape in, java.util.function.BiFunction<GraphBuilder, Tensor, Tensor> layer) {
    var g = new GraphBuilder("one", in);
    return g.build(layer.apply(g, g.input()));
  }

  @Test
  void convolutionWithBias() {
    // 3x3, 16 -> 32 channels, 8x8 output: params 3*3*16*32 + 32, MACs 3*3*16*32*8*8
    var a =
        Analyzer.analyze(
            single(Shape.chw(16, 8, 8), (g, x) -> g.conv("c", x, Conv2d.of(32, 3).pad(1))));
    assertEquals(4640, a.params());
    assertEquals(294912, a.macs());
    assertEquals(2 * 294912, a.flops());
  }

  @Test
  void groupedConvolutionAndStudyConvention() {
    // depthwise 3x3 on 32 channels, stride 2: 16x16 -> 8x8; params 3*3*1*32 + 32 = 320
    ModelGraph m =
        single(
            Shape.chw(32, 16, 16),
            (g, x) -> g.conv("dw", x, Conv2d.of(32, 3).stride(2).pad(1).groups(32)));
    var tv = Analyzer.analyze(m);
    assertEquals(320, tv.params());
    assertEquals(3 * 3 * 32 * 8 * 8, tv.macs());
    // study: + 0.5 * bias adds (32*8*8) / groups (32)
    var study = Analyzer.analyze(m, MacConvention.STUDY, List.of(1));
    assertEquals(3 * 3 * 32 * 8 * 8 + 0.5 * 32 * 8 * 8 / 32, study.macs());
  }

  @Test
  void fullyConnectedCountsUnderTorchvisionOnly() {
    ModelGraph m = single(Shape.of(512), (g, x) -> g.linear("fc", x, 10));
    assertEquals(5130, Analyzer.analyze(m).params());
    assertEquals(5120, Analyzer.analyze(m).macs());
    assertEquals(0, Analyzer.analyze(m, MacConvention.STUDY, List.of(1)).macs());
  }

  @Test
  void batchNormStatisticsAreBuffersNotParameters() {
    var a = Analyzer.analyze(single(Shape.chw(64, 4, 4), (g, x) -> g.bn("bn", x)));
    assertAll(
        () -> assertEquals(128, a.params()),
        () -> assertEquals(128, a.buffers()),
        () -> assertEquals(4 * 256, a.paramFileBytes()),
        () -> assertEquals(2 * 256, a.paramFileBytesFp16()),
        () -> assertEquals(0, a.macs()));
  }

  @Test
  void memoryPeakFollowsTensorLifetimes() {
    // input 1x4x4 (16) -> a: conv 8 ch (128) -> b: conv 8 ch (128) -> add(a, b) (128) -> flatten
    // (view)
    // step a: in + a = 144; step b: in freed? input last read at a, so a + b = 256; add: a + b +
    // sum = 384
    var g = new GraphBuilder("m", Shape.chw(1, 4, 4));
    Tensor a = g.conv("a", g.input(), Conv2d.of(8, 1));
    Tensor b = g.conv("b", a, Conv2d.of(8, 1));
    ModelGraph m = g.build(g.flatten("f", g.add("sum", a, b)));
    var est = Analyzer.analyze(m, MacConvention.TORCHVISION, List.of(1, 4));
    long weights = 4L * (16 + (64 + 8));
    assertEquals(new MemoryEstimate(1, weights, 4L * 384, "sum"), est.memory().get(0));
    assertEquals(new MemoryEstimate(4, weights, 4L * 4 * 384, "sum"), est.memory().get(1));
  }

  @Test
  void badBatchAndConventionNamesAreRejected() {
    ModelGraph m = single(Shape.of(4), (g, x) -> g.linear("fc", x, 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> Analyzer.analyze(m, MacConvention.TORCHVISION, List.of(0)));
    var e = assertThrows(IllegalArgumentException.class, () -> MacConvention.byId("thop"));
    assertEquals("unknown convention 'thop'; valid: torchvision, study", e.getMessage());
    assertEquals(MacConvention.STUDY, MacConvention.byId("Study"));
  }

  @Test
  void parametersUsedAsTensorsAreWeightsNotActivations() {
    // a 10x4 input plus a 10x4 position embedding: 40 parameters; the peak holds the input and the
    // sum (80 floats per sample), not the embedding
    var g = new GraphBuilder("pos", Shape.of(10, 4));
    ModelGraph m = g.build(g.add("sum", g.input(), g.parameter("pos_embedding", Shape.of(10, 4))));
    var a = Analyzer.analyze(m, MacConvention.TORCHVISION, List.of(2));
    assertAll(
        () -> assertEquals(40, a.params()),
        () -> assertEquals(0, a.macs()),
        () -> assertEquals(4 * 40, a.memory().get(0).weightBytes()),
        () -> assertEquals(4L * 2 * 80, a.memory().get(0).peakActivationBytes()));
  }

  @Test
  void everyMatrixProductCountsInTheTorchvisionConvention() {
    // attention scores of 2 heads: 2 x (5x3 . 3x5) = 2*5*3*5 MACs; the study's counts none
    var g = new GraphBuilder("att", Shape.of(2, 5, 3));
    Tensor q = g.input();
    ModelGraph m = g.build(g.matmul("qk", q, g.transpose("kt", q, 0, 2, 1)));
    assertEquals(150, Analyzer.analyze(m).macs());
    assertEquals(0, Analyzer.analyze(m, MacConvention.STUDY, List.of(1)).macs());
    assertTrue(MacConvention.TORCHVISION.description().contains("attention"));
  }
}
