package org.dnnbench.zoo;

import java.util.List;
import org.dnnbench.graph.AvgPool2d;
import org.dnnbench.graph.BatchNorm;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * Dual Path Networks: Chen, Li, Xiao, Jin, Yan, Feng, "Dual Path Networks", NeurIPS 2017, as the
 * study's port defines them (Cadene/pretrained-models.pytorch {@code
 * pretrainedmodels/models/dpn.py}, Ross Wightman's port of cypw/DPNs, as forked by
 * CeLuigi/models-comparison.pytorch where the classifier is named {@code classifier} rather than
 * {@code last_linear}).
 *
 * <p>Each block is pre-activation (BN eps 1e-3, ReLU, then a convolution without bias): 1 x 1 to
 * {@code r}, grouped 3 x 3 to {@code r}, 1 x 1 to {@code bw + inc}; the first {@code bw} output
 * channels are added to the residual path, the other {@code inc} concatenated to the dense path.
 * The first block of a stage projects the concatenated input with a 1 x 1 convolution (stride 2
 * from stage 3 on) to {@code bw + 2 inc} channels, split into a new residual ({@code bw}) and dense
 * ({@code 2 inc}) path. {@code dpn68} is the "small" variant: a 3 x 3 stem and a bottleneck width
 * factor of 1 instead of 4.
 *
 * <p>The classifier is a 1 x 1 convolution with bias. In eval mode the reference pools with {@code
 * test_time_pool}: a 7 x 7 stride-1 average pool, the classifier, then a global 0.5 x (avg + max)
 * pool; at 224 x 224 the features are 7 x 7, so the first pool yields 1 x 1 and the last is the
 * identity, which this graph leaves out there; where the map is larger than 7 x 7 it is built, so
 * DPNs take the larger sizes the reference takes in eval mode.
 *
 * <p>Variants (parameters): dpn68 (12,611,602), dpn98 (61,570,728), dpn131 (79,254,504).
 */
final class DualPathNets {
  private DualPathNets() {}

  /** Batch-norm epsilon of every BN in the reference. */
  private static final BatchNorm BN = new BatchNorm(1e-3);

  /**
   * A DPN variant, the reference's constructor arguments.
   *
   * @param small 3 x 3 stem and bottleneck width factor 1 (else 7 x 7 stem, factor 4)
   * @param initFeatures channels of the stem ({@code num_init_features})
   * @param kR width of the grouped 3 x 3 path, per 64 base channels ({@code k_r})
   * @param groups groups of the 3 x 3 convolutions
   * @param kSec blocks per stage ({@code k_sec})
   * @param incSec dense-path increment per block, per stage ({@code inc_sec})
   */
  record DpnSpec(
      boolean small,
      int initFeatures,
      int kR,
      int groups,
      List<Integer> kSec,
      List<Integer> incSec) {
    DpnSpec {
      kSec = List.copyOf(kSec);
      incSec = List.copyOf(incSec);
      if (kSec.size() != 4 || incSec.size() != 4) {
        throw new IllegalArgumentException(
            "k_sec " + kSec + " and inc_sec " + incSec + " need 4 stages each");
      }
      if (initFeatures <= 0 || kR <= 0 || groups <= 0) {
        throw new IllegalArgumentException(
            "init features "
                + initFeatures
                + ", k_r "
                + kR
                + ", groups "
                + groups
                + " must be > 0");
      }
    }

    int bwFactor() {
      return small ? 1 : 4;
    }
  }

  /** Variant id -> spec, as the reference's {@code dpn68}, {@code dpn98}, {@code dpn131}. */
  static DpnSpec spec(String id) {
    return switch (id) {
      case "dpn68" -> new DpnSpec(true, 10, 128, 32, List.of(3, 4, 12, 3), List.of(16, 32, 32, 64));
      case "dpn98" ->
          new DpnSpec(false, 96, 160, 40, List.of(3, 6, 20, 3), List.of(16, 32, 32, 128));
      case "dpn131" ->
          new DpnSpec(false, 128, 160, 40, List.of(4, 8, 28, 3), List.of(16, 32, 32, 128));
      default ->
          throw new IllegalArgumentException(
              "unknown DPN '" + id + "'; valid: dpn68, dpn98, dpn131");
    };
  }

  static void registerAll(ZooRegistry registry) {
    for (String id : List.of("dpn68", "dpn98", "dpn131")) {
      DpnSpec spec = spec(id);
      registry.register(id, (h, w) -> dpn(id, spec, h, w));
    }
  }

  /** The reference's block types: projection at stride 1, projection at stride 2, plain. */
  enum BlockType {
    PROJ,
    DOWN,
    NORMAL
  }

  /** The two paths a block hands on: residual (summed) and dense (concatenated). */
  record DualPath(Tensor residual, Tensor dense) {}

  /** The reference's {@code BnActConv2d}: BN (eps 1e-3), ReLU, convolution without bias. */
  private static Tensor bnActConv(GraphBuilder g, String name, Tensor x, Conv2d conv) {
    x = g.relu(name + ".act", g.apply(name + ".bn", BN, x));
    return g.conv(name + ".conv", x, conv.noBias());
  }

  /**
   * The reference's {@code DualPathBlock} (non-"b" form).
   *
   * @param in the joined input (the stem's output, or residual and dense concatenated)
   * @param paths the previous block's paths; used as they are by {@link BlockType#NORMAL} blocks
   * @param r width of the 1 x 1 and grouped 3 x 3 convolutions
   * @param bw residual-path channels ({@code num_1x1_c})
   * @param inc dense-path increment
   */
  private static DualPath block(
      GraphBuilder g,
      String name,
      Tensor in,
      DualPath paths,
      BlockType type,
      int r,
      int bw,
      int inc,
      int groups) {
    int stride = type == BlockType.DOWN ? 2 : 1;
    DualPath shortcut =
        switch (type) {
          case PROJ, DOWN -> {
            String proj = name + (stride == 2 ? ".c1x1_w_s2" : ".c1x1_w_s1");
            Tensor s = bnActConv(g, proj, in, Conv2d.of(bw + 2 * inc, 1).stride(stride));
            yield new DualPath(
                g.channels(name + ".x_s1", s, 0, bw),
                g.channels(name + ".x_s2", s, bw, bw + 2 * inc));
          }
          case NORMAL -> paths;
        };
    Tensor x = bnActConv(g, name + ".c1x1_a", in, Conv2d.of(r, 1));
    x = bnActConv(g, name + ".c3x3_b", x, Conv2d.of(r, 3).stride(stride).pad(1).groups(groups));
    x = bnActConv(g, name + ".c1x1_c", x, Conv2d.of(bw + inc, 1));
    Tensor out1 = g.channels(name + ".out1", x, 0, bw);
    Tensor out2 = g.channels(name + ".out2", x, bw, bw + inc);
    return new DualPath(
        g.add(name + ".resid", shortcut.residual(), out1),
        g.concat(name + ".dense", shortcut.dense(), out2));
  }

  static ModelGraph dpn(String id, DpnSpec s, int h, int w) {
    var g = new GraphBuilder(id, Shape.chw(3, h, w));
    int k = s.small() ? 3 : 7;
    Tensor x =
        g.conv(
            "features.conv1_1.conv",
            g.input(),
            Conv2d.of(s.initFeatures(), k).stride(2).pad(k / 2).noBias());
    x = g.relu("features.conv1_1.act", g.apply("features.conv1_1.bn", BN, x));
    Tensor in = g.maxPool("features.conv1_1.pool", x, MaxPool2d.of(3, 2).pad(1));
    DualPath paths = null;
    for (int stage = 0; stage < 4; stage++) {
      int bw = (64 << stage) * s.bwFactor();
      int inc = s.incSec().get(stage);
      int r = s.kR() * bw / (64 * s.bwFactor());
      for (int i = 1; i <= s.kSec().get(stage); i++) {
        String name = "features.conv" + (stage + 2) + "_" + i;
        if (paths != null) {
          in = g.concat(name + ".cat", paths.residual(), paths.dense());
        }
        BlockType type = i > 1 ? BlockType.NORMAL : stage == 0 ? BlockType.PROJ : BlockType.DOWN;
        paths = block(g, name, in, paths, type, r, bw, inc, s.groups());
      }
    }
    x = g.concat("features.conv5_bn_ac.cat", paths.residual(), paths.dense());
    x = g.relu("features.conv5_bn_ac.act", g.apply("features.conv5_bn_ac.bn", BN, x));
    // test-time pool: 7 x 7 stride-1 average (-> 1 x 1 at 224 x 224), the classifier, then 0.5 x
    // (global avg + global max), the identity on 1 x 1 and left out there
    x = g.avgPool("avg_pool2d", x, AvgPool2d.of(7, 1));
    x = g.conv("classifier", x, Conv2d.of(1000, 1));
    int mh = x.shape().height();
    int mw = x.shape().width();
    if (mh > 1 || mw > 1) {
      Tensor avg = g.avgPool("avgmax.avg", x, new AvgPool2d(mh, mw, mh, mw, 0, 0, false, true));
      Tensor max = g.maxPool("avgmax.max", x, new MaxPool2d(mh, mw, mh, mw, 0, 0, false));
      x = g.mul("avgmax", g.add("avgmax.sum", avg, max), g.scalar("avgmax.half", 0.5));
    }
    return g.build(g.flatten("view", x));
  }
}
