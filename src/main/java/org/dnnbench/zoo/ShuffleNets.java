package org.dnnbench.zoo;

import java.util.List;
import org.dnnbench.graph.AvgPool2d;
import org.dnnbench.graph.ChannelShuffle;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * ShuffleNet v1: Zhang, Zhou, Lin, Sun, "ShuffleNet: An Extremely Efficient Convolutional Neural
 * Network for Mobile Devices", CVPR 2018, with 8 groups at scale 1x ({@code shufflenet_v1_g8}), as
 * the study's port defines it (ericsun99/ShuffleNet-1g8-Pytorch {@code ShuffleNet.py}, itself after
 * jaxony/ShuffleNet, included in CeLuigi/models-comparison.pytorch as {@code
 * pretrainedmodels/models/shufflenet.py}). 2,454,304 parameters.
 *
 * <p>Details of that definition that fix the count: every convolution has a bias (the 3 x 3 stem,
 * the grouped 1 x 1 convolutions and the depthwise 3 x 3); the bottleneck width is a quarter of the
 * stage's output channels, also in the stride-2 unit whose expanding convolution only produces
 * {@code out - in} channels to be concatenated with the 3 x 3/2 (pad 1, pad counted) average-pooled
 * shortcut; the first 1 x 1 convolution of stage 2 is not grouped, but its output is still shuffled
 * with 8 groups; the depthwise convolution has batch norm and no ReLU, the expanding convolution
 * batch norm and ReLU after the merge. The reference ends in {@code log_softmax}, which is left out
 * here: the graph's output is the logits of the fully connected layer (same ranking).
 */
final class ShuffleNets {
  private ShuffleNets() {}

  static void registerAll(ZooRegistry registry) {
    registry.register("shufflenet_v1_g8", (h, w) -> shufflenet("shufflenet_v1_g8", G8, h, w));
  }

  /**
   * A ShuffleNet v1 variant (Zhang et al. 2018, Table 1).
   *
   * @param groups groups of the pointwise convolutions
   * @param stemChannels output channels of the 3 x 3 stem
   * @param stageChannels output channels of stages 2, 3, 4
   * @param repeats stride-1 units after the stride-2 unit, per stage
   */
  record ShuffleNetSpec(
      int groups, int stemChannels, List<Integer> stageChannels, List<Integer> repeats) {
    ShuffleNetSpec {
      stageChannels = List.copyOf(stageChannels);
      repeats = List.copyOf(repeats);
      if (stageChannels.size() != repeats.size()) {
        throw new IllegalArgumentException(
            "stage channels " + stageChannels + " and repeats " + repeats + " differ in length");
      }
      if (groups <= 0 || stemChannels <= 0) {
        throw new IllegalArgumentException(
            "groups " + groups + " and stem " + stemChannels + " must be > 0");
      }
    }
  }

  /** 8 groups, scale 1x: stages of 384, 768, 1536 channels with 3, 7, 3 repeated units. */
  static final ShuffleNetSpec G8 =
      new ShuffleNetSpec(8, 24, List.of(384, 768, 1536), List.of(3, 7, 3));

  /** A 1 x 1 (possibly grouped) convolution with bias and batch norm, ReLU if asked. */
  private static Tensor conv1x1Bn(
      GraphBuilder g, String name, Tensor x, int out, int groups, boolean relu) {
    x = g.conv(name + ".conv1x1", x, Conv2d.of(out, 1).groups(groups));
    x = g.bn(name + ".batch_norm", x);
    return relu ? g.relu(name + ".relu", x) : x;
  }

  /**
   * One ShuffleNet unit (Zhang et al. 2018, Fig. 2b/2c): grouped 1 x 1 compress, channel shuffle, 3
   * x 3 depthwise, grouped 1 x 1 expand, then an identity add (stride 1) or a concat with the
   * average-pooled input (stride 2), and ReLU.
   *
   * @param out channels of the unit's output
   * @param downsample true for the stride-2 concatenating unit
   * @param groupedFirst whether the compressing 1 x 1 convolution is grouped
   */
  private static Tensor unit(
      GraphBuilder g,
      String name,
      Tensor x,
      int out,
      int groups,
      boolean downsample,
      boolean groupedFirst) {
    int in = x.shape().channels();
    int bottleneck = out / 4;
    int expandOut = downsample ? out - in : out;
    Tensor y =
        conv1x1Bn(g, name + ".g_conv_1x1_compress", x, bottleneck, groupedFirst ? groups : 1, true);
    y = g.apply(name + ".channel_shuffle", new ChannelShuffle(groups), y);
    y =
        g.conv(
            name + ".depthwise_conv3x3",
            y,
            Conv2d.of(bottleneck, 3).stride(downsample ? 2 : 1).pad(1).groups(bottleneck));
    y = g.bn(name + ".bn_after_depthwise", y);
    y = conv1x1Bn(g, name + ".g_conv_1x1_expand", y, expandOut, groups, false);
    Tensor merged;
    if (downsample) {
      Tensor shortcut = g.avgPool(name + ".avg_pool", x, AvgPool2d.of(3, 2).pad(1));
      merged = g.concat(name + ".concat", shortcut, y);
    } else {
      merged = g.add(name + ".add", x, y);
    }
    return g.relu(name + ".relu", merged);
  }

  static ModelGraph shufflenet(String id, ShuffleNetSpec spec, int h, int w) {
    var g = new GraphBuilder(id, Shape.chw(3, h, w));
    Tensor x = g.conv("conv1", g.input(), Conv2d.of(spec.stemChannels(), 3).stride(2).pad(1));
    x = g.maxPool("maxpool", x, MaxPool2d.of(3, 2).pad(1));
    for (int s = 0; s < spec.stageChannels().size(); s++) {
      int stage = s + 2;
      String prefix = "stage" + stage + ".ShuffleUnit_Stage" + stage + "_";
      int out = spec.stageChannels().get(s);
      x = unit(g, prefix + 0, x, out, spec.groups(), true, stage > 2);
      for (int i = 1; i <= spec.repeats().get(s); i++) {
        x = unit(g, prefix + i, x, out, spec.groups(), false, true);
      }
    }
    x = g.flatten("view", g.globalAvgPool("avg_pool2d", x));
    return g.build(g.linear("fc", x, 1000));
  }
}
