package org.dnnbench.zoo;

import java.util.List;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.AdaptiveAvgPool2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * MobileNetV3 Large and Small: Howard, Sandler, Chu, Chen, Chen, Tan, Wang, Zhu, Pang, Vasudevan,
 * Le, Adam, "Searching for MobileNetV3", ICCV 2019, as torchvision 0.14 {@code
 * models/mobilenetv3.py} defines them (width 1.0, no reduced tail, no dilation): a 3x3/2 stem with
 * hard-swish, inverted residuals (1x1 expansion unless the width stays, depthwise 3x3 or 5x5,
 * squeeze-and-excitation to {@code make_divisible(expanded / 4, 8)} with ReLU and hard-sigmoid,
 * linear 1x1 projection; ReLU or hard-swish as the table says), a 1x1 convolution to six times the
 * last width with hard-swish, average pool, a hidden linear layer with hard-swish, dropout 0.2 and
 * the classifier. Batch norm has eps 0.001.
 */
final class MobileNetV3 {
  private MobileNetV3() {}

  private static final double BN_EPS = 0.001;

  /**
   * One inverted residual, as torchvision's {@code InvertedResidualConfig}.
   *
   * @param in input channels
   * @param kernel depthwise kernel
   * @param expanded hidden channels
   * @param out output channels
   * @param se whether it has squeeze-and-excitation
   * @param hardSwish hard-swish ({@code HS}) rather than ReLU ({@code RE})
   * @param stride depthwise stride
   */
  record Bneck(
      int in, int kernel, int expanded, int out, boolean se, boolean hardSwish, int stride) {}

  /**
   * One network.
   *
   * @param name catalog id
   * @param blocks the inverted residuals
   * @param lastChannel width of the hidden classifier layer
   */
  record Spec(String name, List<Bneck> blocks, int lastChannel) {
    Spec {
      blocks = List.copyOf(blocks);
    }
  }

  private static Bneck re(int in, int k, int exp, int out, boolean se, int s) {
    return new Bneck(in, k, exp, out, se, false, s);
  }

  private static Bneck hs(int in, int k, int exp, int out, boolean se, int s) {
    return new Bneck(in, k, exp, out, se, true, s);
  }

  static final Spec LARGE =
      new Spec(
          "mobilenet_v3_large",
          List.of(
              re(16, 3, 16, 16, false, 1),
              re(16, 3, 64, 24, false, 2),
              re(24, 3, 72, 24, false, 1),
              re(24, 5, 72, 40, true, 2),
              re(40, 5, 120, 40, true, 1),
              re(40, 5, 120, 40, true, 1),
              hs(40, 3, 240, 80, false, 2),
              hs(80, 3, 200, 80, false, 1),
              hs(80, 3, 184, 80, false, 1),
              hs(80, 3, 184, 80, false, 1),
              hs(80, 3, 480, 112, true, 1),
              hs(112, 3, 672, 112, true, 1),
              hs(112, 5, 672, 160, true, 2),
              hs(160, 5, 960, 160, true, 1),
              hs(160, 5, 960, 160, true, 1)),
          1280);

  static final Spec SMALL =
      new Spec(
          "mobilenet_v3_small",
          List.of(
              re(16, 3, 16, 16, true, 2),
              re(16, 3, 72, 24, false, 2),
              re(24, 3, 88, 24, false, 1),
              hs(24, 5, 96, 40, true, 2),
              hs(40, 5, 240, 40, true, 1),
              hs(40, 5, 240, 40, true, 1),
              hs(40, 5, 120, 48, true, 1),
              hs(48, 5, 144, 48, true, 1),
              hs(48, 5, 288, 96, true, 2),
              hs(96, 5, 576, 96, true, 1),
              hs(96, 5, 576, 96, true, 1)),
          1024);

  static void registerAll(ZooRegistry registry) {
    for (Spec s : List.of(LARGE, SMALL)) {
      registry.register(s.name(), (h, w) -> build(s, h, w));
    }
  }

  /** The network at 224x224. */
  static ModelGraph build(Spec spec, int h, int w) {
    var g = new GraphBuilder(spec.name(), Shape.chw(3, h, w));
    int first = spec.blocks().get(0).in();
    Tensor x =
        TorchvisionBlocks.convBnAct(
            g, "features.0", g.input(), first, 3, 2, 1, Activation.HARD_SWISH, BN_EPS);
    for (int i = 0; i < spec.blocks().size(); i++) {
      x = invertedResidual(g, "features." + (i + 1), x, spec.blocks().get(i));
    }
    int last = spec.blocks().get(spec.blocks().size() - 1).out();
    String lastConv = "features." + (spec.blocks().size() + 1);
    x =
        TorchvisionBlocks.convBnAct(
            g, lastConv, x, 6 * last, 1, 1, 1, Activation.HARD_SWISH, BN_EPS);
    x = g.flatten("flatten", g.apply("avgpool", new AdaptiveAvgPool2d(1, 1), x));
    x =
        g.apply(
            "classifier.1", Activation.HARD_SWISH, g.linear("classifier.0", x, spec.lastChannel()));
    return g.build(g.linear("classifier.3", g.dropout("classifier.2", x, 0.2), 1000));
  }

  /** {@code InvertedResidual}: [1x1 expand], depthwise, [SE], 1x1 project, [+ input]. */
  static Tensor invertedResidual(GraphBuilder g, String name, Tensor x, Bneck b) {
    Activation act = b.hardSwish() ? Activation.HARD_SWISH : Activation.RELU;
    String p = name + ".block.";
    int i = 0;
    Tensor y = x;
    if (b.expanded() != b.in()) {
      y = TorchvisionBlocks.convBnAct(g, p + i++, y, b.expanded(), 1, 1, 1, act, BN_EPS);
    }
    y =
        TorchvisionBlocks.convBnAct(
            g, p + i++, y, b.expanded(), b.kernel(), b.stride(), b.expanded(), act, BN_EPS);
    if (b.se()) {
      int squeeze = TorchvisionBlocks.makeDivisible(b.expanded() / 4, 8);
      y =
          TorchvisionBlocks.squeezeExcitation(
              g, p + i++, y, squeeze, Activation.RELU, Activation.HARD_SIGMOID);
    }
    y = TorchvisionBlocks.convBnAct(g, p + i, y, b.out(), 1, 1, 1, null, BN_EPS);
    return b.stride() == 1 && b.in() == b.out() ? g.add(name + ".add", y, x) : y;
  }
}
