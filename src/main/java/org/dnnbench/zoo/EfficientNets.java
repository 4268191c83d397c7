package org.dnnbench.zoo;

import java.util.List;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.AdaptiveAvgPool2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * EfficientNet B0-B7 and EfficientNetV2 S/M/L as torchvision 0.14 {@code models/efficientnet.py}
 * defines them:
 *
 * <ul>
 *   <li>EfficientNet: Tan, Le, "EfficientNet: Rethinking Model Scaling for Convolutional Neural
 *       Networks", ICML 2019. B0's seven stages of MBConv blocks (1x1 expansion, depthwise 3x3 or
 *       5x5, squeeze-and-excitation to a quarter of the block's input width with SiLU and sigmoid,
 *       linear 1x1 projection; SiLU throughout), scaled by a width multiplier (channels rounded to
 *       multiples of 8) and a depth multiplier (blocks rounded up); a 1x1 convolution to four times
 *       the last width.
 *   <li>EfficientNetV2: Tan, Le, "EfficientNetV2: Smaller Models and Faster Training", ICML 2021.
 *       Fused-MBConv stages first (one full 3x3 convolution instead of 1x1 + depthwise, no SE),
 *       MBConv stages after; a 1x1 convolution to 1280.
 * </ul>
 *
 * Stochastic depth is the identity at inference and is left out; dropout precedes the classifier.
 * Each variant's input size is its IMAGENET1K_V1 weights' crop size.
 */
final class EfficientNets {
  private EfficientNets() {}

  /**
   * One stage, as torchvision's {@code MBConvConfig} / {@code FusedMBConvConfig} before scaling.
   *
   * @param fused Fused-MBConv rather than MBConv
   * @param expandRatio hidden width over input width
   * @param kernel kernel of the depthwise (or fused) convolution
   * @param stride stride of the stage's first block
   * @param in input channels
   * @param out output channels
   * @param layers blocks
   */
  record Stage(
      boolean fused, double expandRatio, int kernel, int stride, int in, int out, int layers) {}

  /**
   * One network.
   *
   * @param name catalog id
   * @param inputSize input side (the default weights' crop)
   * @param widthMult channel multiplier (V1)
   * @param depthMult block multiplier (V1)
   * @param stages the stages before scaling
   * @param lastChannel channels of the last 1x1 convolution, 0 for four times the last stage's
   * @param dropout dropout before the classifier
   * @param bnEps batch norm's eps
   */
  record Spec(
      String name,
      int inputSize,
      double widthMult,
      double depthMult,
      List<Stage> stages,
      int lastChannel,
      double dropout,
      double bnEps) {
    Spec {
      stages = List.copyOf(stages);
    }
  }

  private static Stage mb(double e, int k, int s, int in, int out, int n) {
    return new Stage(false, e, k, s, in, out, n);
  }

  private static Stage fused(double e, int k, int s, int in, int out, int n) {
    return new Stage(true, e, k, s, in, out, n);
  }

  /** B0's stages, which B1-B7 scale. */
  static final List<Stage> B0 =
      List.of(
          mb(1, 3, 1, 32, 16, 1),
          mb(6, 3, 2, 16, 24, 2),
          mb(6, 5, 2, 24, 40, 2),
          mb(6, 3, 2, 40, 80, 3),
          mb(6, 5, 1, 80, 112, 3),
          mb(6, 5, 2, 112, 192, 4),
          mb(6, 3, 1, 192, 320, 1));

  private static Spec v1(String name, int size, double w, double d, double dropout, double eps) {
    return new Spec(name, size, w, d, B0, 0, dropout, eps);
  }

  static final List<Spec> SPECS =
      List.of(
          v1("efficientnet_b0", 224, 1.0, 1.0, 0.2, 1e-5),
          v1("efficientnet_b1", 240, 1.0, 1.1, 0.2, 1e-5),
          v1("efficientnet_b2", 288, 1.1, 1.2, 0.3, 1e-5),
          v1("efficientnet_b3", 300, 1.2, 1.4, 0.3, 1e-5),
          v1("efficientnet_b4", 380, 1.4, 1.8, 0.4, 1e-5),
          v1("efficientnet_b5", 456, 1.6, 2.2, 0.4, 1e-3),
          v1("efficientnet_b6", 528, 1.8, 2.6, 0.5, 1e-3),
          v1("efficientnet_b7", 600, 2.0, 3.1, 0.5, 1e-3),
          new Spec(
              "efficientnet_v2_s",
              384,
              1.0,
              1.0,
              List.of(
                  fused(1, 3, 1, 24, 24, 2),
                  fused(4, 3, 2, 24, 48, 4),
                  fused(4, 3, 2, 48, 64, 4),
                  mb(4, 3, 2, 64, 128, 6),
                  mb(6, 3, 1, 128, 160, 9),
                  mb(6, 3, 2, 160, 256, 15)),
              1280,
              0.2,
              1e-3),
          new Spec(
              "efficientnet_v2_m",
              480,
              1.0,
              1.0,
              List.of(
                  fused(1, 3, 1, 24, 24, 3),
                  fused(4, 3, 2, 24, 48, 5),
                  fused(4, 3, 2, 48, 80, 5),
                  mb(4, 3, 2, 80, 160, 7),
                  mb(6, 3, 1, 160, 176, 14),
                  mb(6, 3, 2, 176, 304, 18),
                  mb(6, 3, 1, 304, 512, 5)),
              1280,
              0.3,
              1e-3),
          new Spec(
              "efficientnet_v2_l",
              480,
              1.0,
              1.0,
              List.of(
                  fused(1, 3, 1, 32, 32, 4),
                  fused(4, 3, 2, 32, 64, 7),
                  fused(4, 3, 2, 64, 96, 7),
                  mb(4, 3, 2, 96, 192, 10),
                  mb(6, 3, 1, 192, 224, 19),
                  mb(6, 3, 2, 224, 384, 25),
                  mb(6, 3, 1, 384, 640, 7)),
              1280,
              0.4,
              1e-3));

  static void registerAll(ZooRegistry registry) {
    for (Spec s : SPECS) {
      registry.register(s.name(), (h, w) -> build(s, h, w));
    }
  }

  /** {@code MBConvConfig.adjust_channels}: a multiple of 8 (V2's fused stages are not scaled). */
  private static int channels(Stage st, int c, double widthMult) {
    return st.fused() ? c : TorchvisionBlocks.makeDivisible(c * widthMult, 8);
  }

  /** The network at its input size. */
  static ModelGraph build(Spec spec, int h, int w) {
    var g = new GraphBuilder(spec.name(), Shape.chw(3, h, w));
    double eps = spec.bnEps();
    Stage first = spec.stages().get(0);
    int stem = channels(first, first.in(), spec.widthMult());
    Tensor x =
        TorchvisionBlocks.convBnAct(
            g, "features.0", g.input(), stem, 3, 2, 1, Activation.SILU, eps);
    int last = stem;
    for (int s = 0; s < spec.stages().size(); s++) {
      Stage st = spec.stages().get(s);
      int out = channels(st, st.out(), spec.widthMult());
      int layers = st.fused() ? st.layers() : (int) Math.ceil(st.layers() * spec.depthMult());
      for (int b = 0; b < layers; b++) {
        String name = "features." + (s + 1) + "." + b;
        int stride = b == 0 ? st.stride() : 1;
        x =
            st.fused()
                ? fusedMbConv(g, name, x, st, out, stride, eps)
                : mbConv(g, name, x, st, out, stride, eps);
      }
      last = out;
    }
    int head = spec.lastChannel() > 0 ? spec.lastChannel() : 4 * last;
    String lastConv = "features." + (spec.stages().size() + 1);
    x = TorchvisionBlocks.convBnAct(g, lastConv, x, head, 1, 1, 1, Activation.SILU, eps);
    x = g.flatten("flatten", g.apply("avgpool", new AdaptiveAvgPool2d(1, 1), x));
    return g.build(g.linear("classifier.1", g.dropout("classifier.0", x, spec.dropout()), 1000));
  }

  /**
   * {@code MBConv}: [1x1 expansion to {@code make_divisible(in * ratio, 8)}], depthwise with the
   * stride, squeeze-and-excitation to {@code max(1, in / 4)}, 1x1 projection, [+ input].
   */
  static Tensor mbConv(
      GraphBuilder g, String name, Tensor x, Stage st, int out, int stride, double eps) {
    int in = x.shape().channels();
    int expanded = TorchvisionBlocks.makeDivisible(in * st.expandRatio(), 8);
    String p = name + ".block.";
    int i = 0;
    Tensor y = x;
    if (expanded != in) {
      y = TorchvisionBlocks.convBnAct(g, p + i++, y, expanded, 1, 1, 1, Activation.SILU, eps);
    }
    y =
        TorchvisionBlocks.convBnAct(
            g, p + i++, y, expanded, st.kernel(), stride, expanded, Activation.SILU, eps);
    y =
        TorchvisionBlocks.squeezeExcitation(
            g, p + i++, y, Math.max(1, in / 4), Activation.SILU, Activation.SIGMOID);
    y = TorchvisionBlocks.convBnAct(g, p + i, y, out, 1, 1, 1, null, eps);
    return stride == 1 && in == out ? g.add(name + ".add", y, x) : y;
  }

  /**
   * {@code FusedMBConv}: a full {@code kernel} convolution with the stride to the expanded width
   * and a 1x1 projection, or, at expansion 1, one convolution straight to {@code out}; [+ input].
   */
  static Tensor fusedMbConv(
      GraphBuilder g, String name, Tensor x, Stage st, int out, int stride, double eps) {
    int in = x.shape().channels();
    int expanded = TorchvisionBlocks.makeDivisible(in * st.expandRatio(), 8);
    String p = name + ".block.";
    Tensor y;
    if (expanded != in) {
      y =
          TorchvisionBlocks.convBnAct(
              g, p + 0, x, expanded, st.kernel(), stride, 1, Activation.SILU, eps);
      y = TorchvisionBlocks.convBnAct(g, p + 1, y, out, 1, 1, 1, null, eps);
    } else {
      y =
          TorchvisionBlocks.convBnAct(
              g, p + 0, x, out, st.kernel(), stride, 1, Activation.SILU, eps);
    }
    return stride == 1 && in == out ? g.add(name + ".add", y, x) : y;
  }
}
