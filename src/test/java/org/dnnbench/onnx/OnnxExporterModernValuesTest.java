package org.dnnbench.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.function.BiFunction;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.Engines;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.engine.InferenceEngine;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.Binary;
import org.dnnbench.graph.Concat;
import org.dnnbench.graph.Constant;
import org.dnnbench.graph.Gather;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.LayerNorm;
import org.dnnbench.graph.LeakyRelu;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.PRelu;
import org.dnnbench.graph.Pad;
import org.dnnbench.graph.Reduce;
import org.dnnbench.graph.Resize;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Slice;
import org.dnnbench.graph.Tensor;
import org.dnnbench.graph.Unary;
import org.junit.jupiter.api.Test;

/**
 * The weight-free ops of modern models, exported and run in ONNX Runtime on known inputs; expected
 * values are worked out by hand (or from the function's definition), independently of the exporter.
 */
class OnnxExporterModernValuesTest {
  private static final InferenceEngine ENGINE = Engines.create();
  private static final EngineOptions OPTS =
      new EngineOptions(1, ExecutionProvider.CPU, OptimizationLevel.NONE);

  private static float[] iota(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return v;
  }

  private static float[] run(
      Shape in, int batch, BiFunction<GraphBuilder, Tensor, Tensor> body, float[] x) {
    var g = new GraphBuilder("t", in);
    ModelGraph graph = g.build(body.apply(g, g.input()));
    try (var s = ENGINE.open(OnnxExporter.toBytes(graph, 1), "t", OPTS);
        var input = s.input(x, batch)) {
      return s.runValues(input);
    }
  }

  private static float[] run(Shape in, BiFunction<GraphBuilder, Tensor, Tensor> body, float[] x) {
    return run(in, 1, body, x);
  }

  private static final float[] X = {-1, 0, 1, 2};

  @Test
  void geluInBothSpellings() {
    // GELU(x) = x * Phi(x): Phi(-1) = 0.15865525, Phi(1) = 0.84134475, Phi(2) = 0.97724987
    assertArrayEquals(
        new float[] {-0.15865525f, 0, 0.84134475f, 1.95449974f},
        run(Shape.of(4), (g, t) -> g.gelu("g", t), X),
        1e-6f);
    // tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
    float[] expected = new float[4];
    for (int i = 0; i < 4; i++) {
      double x = X[i];
      expected[i] =
          (float) (0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))));
    }
    assertArrayEquals(
        expected, run(Shape.of(4), (g, t) -> g.apply("g", Activation.GELU_TANH, t), X), 1e-6f);
  }

  @Test
  void siluHardSigmoidLeakyAndPrelu() {
    float[] silu = new float[4];
    float[] hsig = new float[4];
    for (int i = 0; i < 4; i++) {
      silu[i] = (float) (X[i] / (1 + Math.exp(-X[i])));
      hsig[i] = Math.min(Math.max(X[i] + 3, 0), 6) / 6;
    }
    assertArrayEquals(silu, run(Shape.of(4), (g, t) -> g.silu("s", t), X), 1e-6f);
    assertArrayEquals(
        hsig, run(Shape.of(4), (g, t) -> g.apply("h", Activation.HARD_SIGMOID, t), X), 1e-6f);
    assertArrayEquals(
        new float[] {-0.1f, 0, 1, 2},
        run(Shape.of(4), (g, t) -> g.apply("l", new LeakyRelu(0.1), t), X),
        1e-6f);
    // the exported slope is PyTorch's initial 0.25
    assertArrayEquals(
        new float[] {-0.25f, 0, 1, 2},
        run(Shape.chw(4, 1, 1), (g, t) -> g.apply("p", new PRelu(4), t), X),
        1e-6f);
  }

  @Test
  void unaryAndBinaryWithConstants() {
    assertArrayEquals(
        new float[] {-0.84270079f, 0, 0.84270079f, 0.99532227f},
        run(Shape.of(4), (g, t) -> g.apply("e", new Unary(Unary.Fn.ERF), t), X),
        1e-6f);
    // (x - 1) / 2, then to the power 2, then max with 0.2
    float[] out =
        run(
            Shape.of(4),
            (g, t) -> {
              Tensor a = g.apply("sub", Binary.SUB, t, g.scalar("one", 1));
              a = g.apply("div", Binary.DIV, a, g.scalar("two", 2));
              a = g.apply("pow", Binary.POW, a, g.scalar("p", 2));
              return g.apply("max", new Binary(Binary.Fn.MAX), a, g.scalar("floor", 0.2));
            },
            X);
    assertArrayEquals(new float[] {1, 0.25f, 0.2f, 0.25f}, out, 1e-6f);
  }

  @Test
  void transposeReshapeAndBatchedMatMul() {
    // x = [[0 1 2] [3 4 5]]; x x^T = [[5 14] [14 50]]
    float[] out =
        run(Shape.of(2, 3), (g, t) -> g.matmul("mm", t, g.transpose("t", t, 1, 0)), iota(6));
    assertArrayEquals(new float[] {5, 14, 14, 50}, out);
    // per head: 2 heads of 2x1 times 1x2 -> 2x2x2 outer products [[0 0][0 1]], [[4 6][6 9]]
    float[] heads =
        run(
            Shape.of(4),
            (g, t) -> {
              Tensor h = g.reshape("h", t, 2, 2, 1);
              return g.matmul("outer", h, g.transpose("ht", h, 0, 2, 1));
            },
            iota(4));
    assertArrayEquals(new float[] {0, 0, 0, 1, 4, 6, 6, 9}, heads);
  }

  @Test
  void softmaxOnAnAxisAndReductions() {
    float ln2 = (float) Math.log(2);
    // softmax over axis 0 of a 2x2: columns [0, ln2] -> [1/3, 2/3]
    assertArrayEquals(
        new float[] {1f / 3, 1f / 3, 2f / 3, 2f / 3},
        run(Shape.of(2, 2), (g, t) -> g.softmax("s", t, 0), new float[] {0, 0, ln2, ln2}),
        1e-6f);
    assertArrayEquals(
        new float[] {1, 4},
        run(
            Shape.of(2, 3),
            (g, t) -> g.apply("m", new Reduce(Reduce.Fn.MEAN, List.of(1), false), t),
            iota(6)),
        1e-6f);
    assertArrayEquals(
        new float[] {5, 13},
        run(
            Shape.of(2, 2),
            (g, t) -> g.apply("l2", new Reduce(Reduce.Fn.L2, List.of(-1), true), t),
            new float[] {3, 4, 5, 12}),
        1e-5f);
  }

  @Test
  void layerNormWithoutAffine() {
    // [1 2 3]: mean 2, variance 2/3 -> (x - 2) / sqrt(2/3)
    float z = (float) (1 / Math.sqrt(2.0 / 3));
    assertArrayEquals(
        new float[] {-z, 0, z},
        run(
            Shape.of(3),
            (g, t) -> g.apply("ln", new LayerNorm(1, 1e-12, false), t),
            new float[] {1, 2, 3}),
        1e-5f);
  }

  @Test
  void classTokenIsPrependedForEverySampleAndGatheredBack() {
    // two samples of 2 tokens of 2; a literal class token [9 9] joins each; x[:, 0] gives it back
    float[] cat =
        run(
            Shape.of(2, 2),
            2,
            (g, t) ->
                g.apply(
                    "cat",
                    new Concat(0),
                    g.apply("cls", Constant.literal(Shape.of(1, 2), List.of(9.0, 9.0))),
                    t),
            iota(8));
    assertArrayEquals(new float[] {9, 9, 0, 1, 2, 3, 9, 9, 4, 5, 6, 7}, cat);
    float[] first = run(Shape.of(3, 2), 2, (g, t) -> g.apply("g", Gather.index(0, 1), t), iota(12));
    assertArrayEquals(new float[] {2, 3, 8, 9}, first);
  }

  @Test
  void stridedSlicePadAndResize() {
    // Swin's x[:, 0::2] on 4 rows of 1
    assertArrayEquals(
        new float[] {0, 2},
        run(Shape.of(4, 1), (g, t) -> g.apply("s", new Slice(0, 0, 4, 2), t), iota(4)));
    // reflect padding of [0 1 2] by 1 on each side -> [1 0 1 2 1]
    assertArrayEquals(
        new float[] {1, 0, 1, 2, 1},
        run(
            Shape.of(3),
            (g, t) -> g.apply("p", new Pad(List.of(1), List.of(1), Pad.Mode.REFLECT, 0), t),
            iota(3)));
    // nearest x2 of [0 1; 2 3]
    assertArrayEquals(
        new float[] {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3},
        run(
            Shape.chw(1, 2, 2),
            (g, t) -> g.apply("r", new Resize(Resize.Mode.NEAREST, 4, 4, false), t),
            iota(4)));
    // bilinear with aligned corners of [0 1] to 3 columns -> [0 0.5 1]
    assertArrayEquals(
        new float[] {0, 0.5f, 1},
        run(
            Shape.chw(1, 1, 2),
            (g, t) -> g.apply("r", new Resize(Resize.Mode.BILINEAR, 1, 3, true), t),
            iota(2)),
        1e-6f);
  }
}
