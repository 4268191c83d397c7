package org.dnnbench.zoo;

import java.util.List;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * MNASNet-B1: Tan, Chen, Pang, Vasudevan, Sandler, Howard, Le, "MnasNet: Platform-Aware Neural
 * Architecture Search for Mobile", CVPR 2019, as torchvision 0.14 {@code models/mnasnet.py} defines
 * it: a 3x3/2 stem, a depthwise-separable block, six stacks of inverted residuals (ReLU, no
 * squeeze-and-excitation), a 1x1 convolution to 1280, global average pool, dropout 0.2 and the
 * classifier; the depth multiplier {@code alpha} scales every width but the last 1280, each rounded
 * to a multiple of 8 (up unless that is more than 10% over).
 *
 * <p>Nodes are named after torchvision's flat {@code layers} Sequential ({@code
 * layers.8.0.layers.3} is stack 8, block 0, its depthwise convolution).
 */
final class MnasNets {
  private MnasNets() {}

  /**
   * One stack of inverted residuals.
   *
   * @param kernel depthwise kernel (3 or 5)
   * @param stride stride of the first block
   * @param expansion expansion factor of the hidden width
   * @param repeats blocks in the stack
   */
  record StackSpec(int kernel, int stride, int expansion, int repeats) {}

  /** The six stacks of MNASNet-B1, after the stem (output widths: {@link #DEPTHS} 2..7). */
  static final List<StackSpec> STACKS =
      List.of(
          new StackSpec(3, 2, 3, 3),
          new StackSpec(5, 2, 3, 3),
          new StackSpec(5, 2, 6, 3),
          new StackSpec(3, 1, 6, 2),
          new StackSpec(5, 2, 6, 4),
          new StackSpec(3, 1, 6, 1));

  /** Widths at alpha 1: stem, separable block, then each stack. */
  static final List<Integer> DEPTHS = List.of(32, 16, 24, 40, 80, 96, 192, 320);

  /** Catalog ids of this family. */
  static final List<String> IDS = List.of("mnasnet0_5", "mnasnet0_75", "mnasnet1_0", "mnasnet1_3");

  /** The depth multiplier of catalog model {@code id}. */
  static double alpha(String id) {
    return switch (id) {
      case "mnasnet0_5" -> 0.5;
      case "mnasnet0_75" -> 0.75;
      case "mnasnet1_0" -> 1.0;
      case "mnasnet1_3" -> 1.3;
      default -> throw new IllegalArgumentException("no MNASNet '" + id + "'; valid ids: " + IDS);
    };
  }

  static void registerAll(ZooRegistry registry) {
    for (String id : IDS) {
      registry.register(id, (h, w) -> build(id, alpha(id), h, w));
    }
  }

  /** The network with depth multiplier {@code alpha}, for an {@code h x w} input. */
  static ModelGraph build(String name, double alpha, int h, int w) {
    int[] d =
        DEPTHS.stream().mapToInt(c -> TorchvisionBlocks.makeDivisible(c * alpha, 8)).toArray();
    var g = new GraphBuilder(name, Shape.chw(3, h, w));
    Tensor x = g.conv("layers.0", g.input(), Conv2d.of(d[0], 3).stride(2).pad(1).noBias());
    x = g.relu("layers.2", g.bn("layers.1", x));
    x = g.conv("layers.3", x, Conv2d.of(d[0], 3).pad(1).groups(d[0]).noBias());
    x = g.relu("layers.5", g.bn("layers.4", x));
    x = g.bn("layers.7", g.conv("layers.6", x, Conv2d.of(d[1], 1).noBias()));
    for (int s = 0; s < STACKS.size(); s++) {
      StackSpec st = STACKS.get(s);
      for (int b = 0; b < st.repeats(); b++) {
        String block = "layers." + (8 + s) + "." + b;
        x =
            invertedResidual(
                g, block, x, d[s + 2], st.kernel(), b == 0 ? st.stride() : 1, st.expansion());
      }
    }
    x = g.conv("layers.14", x, Conv2d.of(1280, 1).noBias());
    x = g.relu("layers.16", g.bn("layers.15", x));
    x = g.flatten("mean", g.globalAvgPool("mean.pool", x));
    return g.build(g.linear("classifier.1", g.dropout("classifier.0", x, 0.2), 1000));
  }

  /**
   * {@code _InvertedResidual}: 1x1 to {@code in * expansion}, BN, ReLU, depthwise {@code kernel}
   * with the stride, BN, ReLU, 1x1 to {@code out}, BN; plus the input where shapes allow.
   */
  static Tensor invertedResidual(
      GraphBuilder g, String name, Tensor x, int out, int kernel, int stride, int expansion) {
    int in = x.shape().channels();
    int mid = in * expansion;
    String l = name + ".layers.";
    Tensor y = g.relu(l + "2", g.bn(l + "1", g.conv(l + "0", x, Conv2d.of(mid, 1).noBias())));
    Conv2d dw = Conv2d.of(mid, kernel).stride(stride).pad(kernel / 2).groups(mid).noBias();
    y = g.relu(l + "5", g.bn(l + "4", g.conv(l + "3", y, dw)));
    y = g.bn(l + "7", g.conv(l + "6", y, Conv2d.of(out, 1).noBias()));
    return in == out && stride == 1 ? g.add(name + ".add", y, x) : y;
  }
}
