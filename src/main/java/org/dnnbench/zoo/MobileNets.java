package org.dnnbench.zoo;

import java.util.List;
import org.dnnbench.graph.AvgPool2d;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * MobileNets, built from depthwise-separable convolutions.
 *
 * <ul>
 *   <li>{@code mobilenet_v1}: Howard et al., "MobileNets: Efficient Convolutional Neural Networks
 *       for Mobile Vision Applications", arXiv:1704.04861 (2017), width 1.0 at 224 x 224, as the
 *       study's port defines it (Cadene/pretrained-models.pytorch as forked by
 *       CeLuigi/models-comparison.pytorch, {@code pretrainedmodels/models/mobilenet.py}, taken from
 *       marvis/pytorch-mobilenet): a 3 x 3 stem and 13 depthwise-separable blocks, each convolution
 *       without bias and followed by batch norm (eps 1e-5) and ReLU, a fixed 7 x 7 average pool and
 *       a fully connected layer 1024 -> 1000 with bias. 4,231,976 parameters.
 *   <li>{@code mobilenet_v2}: Sandler et al., "MobileNetV2: Inverted Residuals and Linear
 *       Bottlenecks", CVPR 2018, as torchvision 0.14 {@code models/mobilenetv2.py} defines it
 *       (width 1.0, ReLU6, batch norm eps 1e-5, dropout 0.2 before the classifier). 3,504,872
 *       parameters.
 * </ul>
 *
 * <p>Node names follow the reference modules ({@code model.3.3}, {@code features.4.conv.1.0}).
 */
final class MobileNets {
  private MobileNets() {}

  static void registerAll(ZooRegistry registry) {
    registry.register("mobilenet_v1", MobileNets::mobilenetV1);
    registry.register("mobilenet_v2", MobileNets::mobilenetV2);
  }

  // ---- MobileNet v1 ------------------------------------------------------------------------

  /**
   * One depthwise-separable block of MobileNet v1 (Howard et al. 2017, Fig. 3).
   *
   * @param out channels of the pointwise convolution
   * @param stride stride of the depthwise convolution
   */
  record SeparableSpec(int out, int stride) {
    SeparableSpec {
      if (out <= 0 || stride <= 0) {
        throw new IllegalArgumentException("out " + out + " and stride " + stride + " must be > 0");
      }
    }
  }

  /** The 13 separable blocks of MobileNet v1 1.0 (Howard et al. 2017, Table 1). */
  static final List<SeparableSpec> V1_BLOCKS =
      List.of(
          new SeparableSpec(64, 1),
          new SeparableSpec(128, 2),
          new SeparableSpec(128, 1),
          new SeparableSpec(256, 2),
          new SeparableSpec(256, 1),
          new SeparableSpec(512, 2),
          new SeparableSpec(512, 1),
          new SeparableSpec(512, 1),
          new SeparableSpec(512, 1),
          new SeparableSpec(512, 1),
          new SeparableSpec(512, 1),
          new SeparableSpec(1024, 2),
          new SeparableSpec(1024, 1));

  /** Convolution without bias, batch norm, ReLU: the port's {@code conv_bn}. */
  private static Tensor convBnRelu(GraphBuilder g, String name, Tensor x, Conv2d conv) {
    x = g.conv(name + ".0", x, conv.noBias());
    return g.relu(name + ".2", g.bn(name + ".1", x));
  }

  /**
   * The port's {@code conv_dw}: 3 x 3 depthwise conv-BN-ReLU, then 1 x 1 pointwise conv-BN-ReLU.
   */
  private static Tensor separable(GraphBuilder g, String name, Tensor x, SeparableSpec s) {
    int in = x.shape().channels();
    x = g.conv(name + ".0", x, Conv2d.of(in, 3).stride(s.stride()).pad(1).groups(in).noBias());
    x = g.relu(name + ".2", g.bn(name + ".1", x));
    x = g.conv(name + ".3", x, Conv2d.of(s.out(), 1).noBias());
    return g.relu(name + ".5", g.bn(name + ".4", x));
  }

  static ModelGraph mobilenetV1(int h, int w) {
    var g = new GraphBuilder("mobilenet_v1", Shape.chw(3, h, w));
    Tensor x = convBnRelu(g, "model.0", g.input(), Conv2d.of(32, 3).stride(2).pad(1));
    for (int i = 0; i < V1_BLOCKS.size(); i++) {
      x = separable(g, "model." + (i + 1), x, V1_BLOCKS.get(i));
    }
    // nn.AvgPool2d(7): kernel 7, stride 7; 7 x 7 -> 1 x 1 at 224 x 224
    x = g.avgPool("model." + (V1_BLOCKS.size() + 1), x, AvgPool2d.of(7, 7));
    x = g.flatten("view", x);
    return g.build(g.linear("fc", x, 1000));
  }

  // ---- MobileNet v2 ------------------------------------------------------------------------

  /**
   * One row of MobileNet v2's bottleneck table (Sandler et al. 2018, Table 2).
   *
   * @param t expansion factor
   * @param c output channels
   * @param n number of repeated blocks
   * @param s stride of the first block
   */
  record BottleneckSpec(int t, int c, int n, int s) {
    BottleneckSpec {
      if (t <= 0 || c <= 0 || n <= 0 || s <= 0) {
        throw new IllegalArgumentException(
            "t, c, n, s must all be > 0, got " + t + ", " + c + ", " + n + ", " + s);
      }
    }
  }

  /** torchvision 0.14's {@code inverted_residual_setting} for width 1.0. */
  static final List<BottleneckSpec> V2_SETTING =
      List.of(
          new BottleneckSpec(1, 16, 1, 1),
          new BottleneckSpec(6, 24, 2, 2),
          new BottleneckSpec(6, 32, 3, 2),
          new BottleneckSpec(6, 64, 4, 2),
          new BottleneckSpec(6, 96, 3, 1),
          new BottleneckSpec(6, 160, 3, 2),
          new BottleneckSpec(6, 320, 1, 1));

  /** torchvision's {@code Conv2dNormActivation} with ReLU6: conv (no bias), BN, ReLU6. */
  private static Tensor convBnRelu6(GraphBuilder g, String name, Tensor x, Conv2d conv) {
    x = g.conv(name + ".0", x, conv.noBias());
    return g.relu6(name + ".2", g.bn(name + ".1", x));
  }

  /**
   * torchvision's {@code InvertedResidual}: optional 1 x 1 expansion, 3 x 3 depthwise, linear 1 x 1
   * projection with BN, and an identity shortcut when stride is 1 and channels are kept.
   */
  private static Tensor invertedResidual(
      GraphBuilder g, String name, Tensor x, int out, int stride, int expand) {
    int in = x.shape().channels();
    int hidden = in * expand;
    Tensor y = x;
    int i = 0;
    if (expand != 1) {
      y = convBnRelu6(g, name + ".conv." + i++, y, Conv2d.of(hidden, 1));
    }
    y =
        convBnRelu6(
            g, name + ".conv." + i++, y, Conv2d.of(hidden, 3).stride(stride).pad(1).groups(hidden));
    y = g.conv(name + ".conv." + i++, y, Conv2d.of(out, 1).noBias());
    y = g.bn(name + ".conv." + i, y);
    return stride == 1 && in == out ? g.add(name + ".add", x, y) : y;
  }

  static ModelGraph mobilenetV2(int h, int w) {
    var g = new GraphBuilder("mobilenet_v2", Shape.chw(3, h, w));
    Tensor x = convBnRelu6(g, "features.0", g.input(), Conv2d.of(32, 3).stride(2).pad(1));
    int index = 1;
    for (BottleneckSpec row : V2_SETTING) {
      for (int i = 0; i < row.n(); i++) {
        x = invertedResidual(g, "features." + index++, x, row.c(), i == 0 ? row.s() : 1, row.t());
      }
    }
    x = convBnRelu6(g, "features." + index, x, Conv2d.of(1280, 1));
    x = g.flatten("flatten", g.globalAvgPool("avgpool", x));
    x = g.dropout("classifier.0", x, 0.2);
    return g.build(g.linear("classifier.1", x, 1000));
  }
}
