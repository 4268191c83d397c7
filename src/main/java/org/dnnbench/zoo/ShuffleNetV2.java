package org.dnnbench.zoo;

import java.util.List;
import org.dnnbench.graph.ChannelShuffle;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * ShuffleNet V2: Ma, Zhang, Zheng, Sun, "ShuffleNet V2: Practical Guidelines for Efficient CNN
 * Architecture Design", ECCV 2018, as torchvision 0.14 {@code models/shufflenetv2.py} defines it: a
 * 3x3/2 stem and max pool, three stages of units that split the channels in half (stride 1: one
 * half passes, the other goes through 1x1, depthwise 3x3, 1x1; stride 2: both halves see the whole
 * input, one through a depthwise 3x3/2 and 1x1), concatenate and shuffle with two groups; a 1x1
 * convolution, global average pool and the classifier.
 */
final class ShuffleNetV2 {
  private ShuffleNetV2() {}

  /**
   * One width of the family.
   *
   * @param name catalog id
   * @param channels output channels of the stem, the three stages and the last 1x1 convolution
   */
  record Spec(String name, List<Integer> channels) {
    Spec {
      channels = List.copyOf(channels);
      if (channels.size() != 5) {
        throw new IllegalArgumentException("ShuffleNet V2 needs 5 widths, got " + channels);
      }
    }
  }

  /** Units per stage (stages 2, 3, 4). */
  static final List<Integer> REPEATS = List.of(4, 8, 4);

  static final List<Spec> SPECS =
      List.of(
          new Spec("shufflenet_v2_x0_5", List.of(24, 48, 96, 192, 1024)),
          new Spec("shufflenet_v2_x1_0", List.of(24, 116, 232, 464, 1024)),
          new Spec("shufflenet_v2_x1_5", List.of(24, 176, 352, 704, 1024)),
          new Spec("shufflenet_v2_x2_0", List.of(24, 244, 488, 976, 2048)));

  static void registerAll(ZooRegistry registry) {
    for (Spec s : SPECS) {
      registry.register(s.name(), (h, w) -> build(s, h, w));
    }
  }

  /** The network at 224x224. */
  static ModelGraph build(Spec spec, int h, int w) {
    List<Integer> c = spec.channels();
    var g = new GraphBuilder(spec.name(), Shape.chw(3, h, w));
    Tensor x = g.conv("conv1.0", g.input(), Conv2d.of(c.get(0), 3).stride(2).pad(1).noBias());
    x = g.relu("conv1.2", g.bn("conv1.1", x));
    x = g.maxPool("maxpool", x, MaxPool2d.of(3, 2).pad(1));
    for (int s = 0; s < REPEATS.size(); s++) {
      for (int b = 0; b < REPEATS.get(s); b++) {
        x = unit(g, "stage" + (s + 2) + "." + b, x, c.get(s + 1), b == 0 ? 2 : 1);
      }
    }
    x = g.conv("conv5.0", x, Conv2d.of(c.get(4), 1).noBias());
    x = g.relu("conv5.2", g.bn("conv5.1", x));
    x = g.flatten("mean", g.globalAvgPool("mean.pool", x));
    return g.build(g.linear("fc", x, 1000));
  }

  /**
   * {@code InvertedResidual}: stride 1 keeps the first half of the channels and transforms the
   * second ({@code branch2}); stride 2 transforms the whole input twice ({@code branch1}, {@code
   * branch2}); then concatenation and a shuffle of two groups.
   */
  static Tensor unit(GraphBuilder g, String name, Tensor x, int out, int stride) {
    int half = out / 2;
    Tensor left;
    Tensor right;
    if (stride == 1) {
      int c = x.shape().channels();
      left = g.channels(name + ".chunk0", x, 0, c / 2);
      right = branch2(g, name + ".branch2", g.channels(name + ".chunk1", x, c / 2, c), half, 1);
    } else {
      int in = x.shape().channels();
      String b1 = name + ".branch1.";
      Tensor y = g.conv(b1 + "0", x, Conv2d.of(in, 3).stride(stride).pad(1).groups(in).noBias());
      y = g.bn(b1 + "1", y);
      left = g.relu(b1 + "4", g.bn(b1 + "3", g.conv(b1 + "2", y, Conv2d.of(half, 1).noBias())));
      right = branch2(g, name + ".branch2", x, half, stride);
    }
    Tensor cat = g.concat(name + ".cat", left, right);
    return g.apply(name + ".shuffle", new ChannelShuffle(2), cat);
  }

  /** 1x1, BN, ReLU, depthwise 3x3 with the stride, BN, 1x1, BN, ReLU. */
  private static Tensor branch2(GraphBuilder g, String name, Tensor x, int width, int stride) {
    String p = name + ".";
    Tensor y = g.relu(p + "2", g.bn(p + "1", g.conv(p + "0", x, Conv2d.of(width, 1).noBias())));
    y = g.conv(p + "3", y, Conv2d.of(width, 3).stride(stride).pad(1).groups(width).noBias());
    y = g.bn(p + "4", y);
    return g.relu(p + "7", g.bn(p + "6", g.conv(p + "5", y, Conv2d.of(width, 1).noBias())));
  }
}
