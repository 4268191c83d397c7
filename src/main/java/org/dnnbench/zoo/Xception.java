package org.dnnbench.zoo;

import java.util.List;
import java.util.OptionalDouble;
import org.dnnbench.graph.AdaptiveAvgPool2d;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * Xception: Chollet, "Xception: Deep Learning with Depthwise Separable Convolutions", CVPR 2017, as
 * Cadene's pretrained-models.pytorch {@code pretrainedmodels/models/xception.py} defines it (the
 * definition the study used, via its fork CeLuigi/models-comparison.pytorch): a stem of two
 * unpadded 3x3 convolutions, then twelve blocks of ReLU, separable convolution (depthwise 3x3 and
 * pointwise 1x1, both without bias) and batch norm (eps 1e-5), each with a residual connection (a
 * 1x1 stride-2 convolution and batch norm where the block changes width or resolution, the identity
 * otherwise), two more separable convolutions to 2048 channels, global average pool and FC to 1000.
 * 22,855,952 parameters at 299x299.
 *
 * <p>Node names mirror the reference's modules: {@code block4.rep.3.pointwise}, {@code
 * block12.skipbn}.
 */
final class Xception {
  private Xception() {}

  static void registerAll(ZooRegistry registry) {
    registry.register("xception", Xception::xception);
  }

  /**
   * One {@code Block} of the reference.
   *
   * @param out output channels
   * @param reps separable convolutions in the block
   * @param stride 1, or 2 for a block that ends with a 3x3/2 max pool
   * @param startWithRelu whether the block begins with a ReLU (all but the first)
   * @param growFirst whether the first separable convolution widens to {@code out} (else the last)
   */
  private record BlockSpec(
      int out, int reps, int stride, boolean startWithRelu, boolean growFirst) {
    BlockSpec {
      if (out <= 0 || reps <= 0 || stride <= 0) {
        throw new IllegalArgumentException(
            "out, reps and stride must be positive, got " + out + ", " + reps + ", " + stride);
      }
    }
  }

  /** The twelve blocks: entry flow (1-3), middle flow (4-11), exit flow (12). */
  private static final List<BlockSpec> BLOCKS =
      List.of(
          new BlockSpec(128, 2, 2, false, true),
          new BlockSpec(256, 2, 2, true, true),
          new BlockSpec(728, 2, 2, true, true),
          new BlockSpec(728, 3, 1, true, true),
          new BlockSpec(728, 3, 1, true, true),
          new BlockSpec(728, 3, 1, true, true),
          new BlockSpec(728, 3, 1, true, true),
          new BlockSpec(728, 3, 1, true, true),
          new BlockSpec(728, 3, 1, true, true),
          new BlockSpec(728, 3, 1, true, true),
          new BlockSpec(728, 3, 1, true, true),
          new BlockSpec(1024, 2, 2, true, false));

  /** Batch norm of the reference: PyTorch's default eps 1e-5. */
  private static final Inceptions.ConvUnit STEM =
      new Inceptions.ConvUnit(OptionalDouble.of(1e-5), Inceptions.Naming.MODULE);

  /**
   * {@code SeparableConv2d}: depthwise 3x3 pad 1 ({@code conv1}), pointwise 1x1 to {@code out}; no
   * bias.
   */
  private static Tensor separable(GraphBuilder g, String name, Tensor x, int out) {
    int c = x.channels();
    Tensor y = g.conv(name + ".conv1", x, Conv2d.of(c, 3).pad(1).groups(c).noBias());
    return g.conv(name + ".pointwise", y, Conv2d.of(out, 1).noBias());
  }

  /**
   * A block: its {@code rep} sequence of [ReLU,] separable conv, BN, ... [, max pool 3x3/2 pad 1],
   * numbered as the reference's {@code nn.Sequential} numbers them, plus the skip connection.
   */
  private static Tensor block(GraphBuilder g, String name, Tensor x, BlockSpec s) {
    int in = x.channels();
    String rep = name + ".rep.";
    int idx = 0;
    Tensor y = x;
    for (int i = 0; i < s.reps(); i++) {
      boolean widen = s.growFirst() ? i == 0 : i == s.reps() - 1;
      if (i > 0 || s.startWithRelu()) {
        y = g.relu(rep + idx++, y);
      }
      y = separable(g, rep + idx++, y, widen ? s.out() : y.channels());
      y = g.bn(rep + idx++, y);
    }
    if (s.stride() != 1) {
      y = g.maxPool(rep + idx, y, MaxPool2d.of(3, s.stride()).pad(1));
    }
    Tensor skip = x;
    if (s.out() != in || s.stride() != 1) {
      skip = g.conv(name + ".skip", x, Conv2d.of(s.out(), 1).stride(s.stride()).noBias());
      skip = g.bn(name + ".skipbn", skip);
    }
    return g.add(name + ".add", y, skip);
  }

  static ModelGraph xception(int h, int w) {
    var g = new GraphBuilder("xception", Shape.chw(3, h, w));
    Tensor x =
        STEM.apply(g, "conv1", "bn1", "relu1", g.input(), Conv2d.of(32, 3).stride(2).noBias());
    x = STEM.apply(g, "conv2", "bn2", "relu2", x, Conv2d.of(64, 3).noBias());
    for (int i = 0; i < BLOCKS.size(); i++) {
      x = block(g, "block" + (i + 1), x, BLOCKS.get(i));
    }
    x = g.relu("relu3", g.bn("bn3", separable(g, "conv3", x, 1536)));
    x = g.relu("relu", g.bn("bn4", separable(g, "conv4", x, 2048)));
    x = g.apply("adaptive_avg_pool2d", new AdaptiveAvgPool2d(1, 1), x);
    x = g.flatten("flatten", x);
    return g.build(g.linear("last_linear", x, 1000));
  }
}
