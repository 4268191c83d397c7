package org.dnnbench.zoo;

import java.util.List;
import org.dnnbench.graph.AvgPool2d;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Op;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Slice;
import org.dnnbench.graph.Tensor;
import org.dnnbench.graph.ZeroPad2d;

/**
 * NASNet-A: Zoph, Vasudevan, Shlens, Le, "Learning Transferable Architectures for Scalable Image
 * Recognition", CVPR 2018 (arXiv:1707.07012), as the PyTorch port the study used defines it:
 * Cadene, pretrained-models.pytorch, {@code pretrainedmodels/models/nasnet.py} ({@code
 * NASNetALarge}, "6 @ 4032", 331 x 331, 88,753,150 parameters with 1000 classes) and {@code
 * pretrainedmodels/models/nasnet_mobile.py} ({@code NASNetAMobile}, "4 @ 1056", 224 x 224,
 * 5,289,978 parameters).
 *
 * <p>One set of cell functions builds both networks; a {@link Spec} per variant gives the layout.
 * The network is a stem convolution, two reduction-type stem cells ({@code cell_stem_0}, {@code
 * cell_stem_1}), then three stages of {@code N} normal cells (the first of each a "first cell"
 * whose previous input goes through a factorized reduction) separated by two reduction cells, and a
 * ReLU, average pool, dropout and linear classifier. Every cell takes the two previous cell outputs
 * {@code (x, x_prev)}.
 *
 * <p>Details the port fixes and this builder mirrors, node by node (node names are the port's
 * module names, e.g. {@code cell_5.comb_iter_0_left.separable_1.depthwise_conv2d}):
 *
 * <ul>
 *   <li>A separable branch is ReLU, then twice depthwise conv (groups = channels, no bias),
 *       pointwise 1x1 conv (no bias), batch norm (eps 0.001), with a ReLU between the two and the
 *       stride on the first depthwise conv only.
 *   <li>The port's TensorFlow-alignment trick: {@code ZeroPad2d((1, 0, 1, 0))} before the first
 *       separable conv (or pool) and a crop {@code [:, :, 1:, 1:]} after it. {@code
 *       reduction_cell_0} uses it in both ports ({@code BranchSeparablesReduction}, {@code
 *       MaxPoolPad}, {@code AvgPoolPad}); the mobile port also uses it in {@code cell_stem_1} and
 *       {@code reduction_cell_1} ({@code name='specific'}), the large port does not. The crop comes
 *       after the pointwise conv, so that conv runs on the padded map (it counts MACs on (H+1) x
 *       (W+1)).
 *   <li>The factorized reduction: ReLU, then path 1 = avg pool 1x1/2 + 1x1 conv, path 2 = pad
 *       right/bottom, crop top/left (a one-pixel shift), avg pool 1x1/2 + 1x1 conv; concat and
 *       batch norm.
 *   <li>Average pools never count padding ({@code count_include_pad=False}); the final pool is a
 *       fixed window (11 for large at 331, 7 for mobile at 224) with stride 1.
 *   <li>Cells are numbered as the port numbers them: six per stage in both ports, so the mobile
 *       network has {@code cell_0..3}, {@code cell_6..9}, {@code cell_12..15}.
 * </ul>
 */
final class NasNets {
  private NasNets() {}

  /** Batch-norm epsilon of every NASNet batch norm. */
  private static final double BN_EPS = 1e-3;

  /** The reference's cells per stage for naming: stage s starts at {@code cell_(6 s)}. */
  private static final int CELL_NAME_STRIDE = 6;

  /** Filters of the first stage = penultimate filters / this (the reference's "24"). */
  private static final int PENULTIMATE_RATIO = 24;

  /**
   * Layout of one NASNet-A variant, the constructor arguments of the reference classes.
   *
   * @param id catalog id
   * @param inputSize square input side
   * @param stemFilters output channels of the stem convolution {@code conv0}
   * @param penultimateFilters channels of the last cell's output; the first stage has {@code
   *     penultimateFilters / 24} filters, doubled at each reduction
   * @param cellsPerStage normal cells per stage including the first cell ({@code N} in "N @ P")
   * @param filtersMultiplier the stem cells have {@code filters / m^2} and {@code filters / m}
   *     filters
   * @param finalPool window of the final average pool (the last feature map's side)
   * @param alignAllReductions whether {@code cell_stem_1} and {@code reduction_cell_1} also use the
   *     pad-and-crop alignment ({@code reduction_cell_0} always does)
   */
  record Spec(
      String id,
      int inputSize,
      int stemFilters,
      int penultimateFilters,
      int cellsPerStage,
      int filtersMultiplier,
      int finalPool,
      boolean alignAllReductions) {
    Spec {
      if (penultimateFilters <= 0 || penultimateFilters % PENULTIMATE_RATIO != 0) {
        throw new IllegalArgumentException(
            "penultimate filters must be a positive multiple of "
                + PENULTIMATE_RATIO
                + ", got "
                + penultimateFilters);
      }
      if (cellsPerStage < 1 || cellsPerStage > CELL_NAME_STRIDE) {
        throw new IllegalArgumentException(
            "cells per stage must be in 1.." + CELL_NAME_STRIDE + ", got " + cellsPerStage);
      }
      if (filtersMultiplier < 1) {
        throw new IllegalArgumentException(
            "filters multiplier must be >= 1, got " + filtersMultiplier);
      }
      if (stemFilters < 1 || inputSize < 1 || finalPool < 1) {
        throw new IllegalArgumentException(
            "stem filters, input size and final pool must be >= 1, got "
                + stemFilters
                + ", "
                + inputSize
                + ", "
                + finalPool);
      }
    }

    /** Filters of the first stage's cells. */
    int filters() {
      return penultimateFilters / PENULTIMATE_RATIO;
    }
  }

  /** NASNet-A Large (6 @ 4032), {@code NASNetALarge} of {@code nasnet.py}. */
  static final Spec LARGE = new Spec("nasnet_a_large", 331, 96, 4032, 6, 2, 11, false);

  /** NASNet-A Mobile (4 @ 1056), {@code NASNetAMobile} of {@code nasnet_mobile.py}. */
  static final Spec MOBILE = new Spec("nasnet_a_mobile", 224, 32, 1056, 4, 2, 7, true);

  static void registerAll(ZooRegistry registry) {
    for (Spec spec : List.of(LARGE, MOBILE)) {
      registry.register(spec.id(), (h, w) -> build(spec, h, w));
    }
  }

  /** Builds the network {@code spec} describes, with 1000 classes. */
  static ModelGraph build(Spec spec, int h, int w) {
    var g = new GraphBuilder(spec.id(), Shape.chw(3, h, w));
    int filters = spec.filters();
    int m = spec.filtersMultiplier();

    Tensor conv0 =
        g.conv("conv0.conv", g.input(), Conv2d.of(spec.stemFilters(), 3).stride(2).noBias());
    conv0 = g.bn("conv0.bn", conv0, BN_EPS);
    Tensor stem0 = cellStem0(g, "cell_stem_0", conv0, filters / (m * m));
    Tensor stem1 =
        cellStem1(g, "cell_stem_1", stem0, conv0, filters / m, spec.alignAllReductions());

    Tensor prev = stem0;
    Tensor x = stem1;
    for (int stage = 0; stage < 3; stage++) {
      int f = filters << stage;
      if (stage > 0) {
        boolean aligned = stage == 1 || spec.alignAllReductions();
        Tensor r = reductionCell(g, "reduction_cell_" + (stage - 1), x, prev, f, aligned);
        prev = x;
        x = r;
      }
      for (int i = 0; i < spec.cellsPerStage(); i++) {
        String name = "cell_" + (stage * CELL_NAME_STRIDE + i);
        Tensor out =
            i == 0 ? firstCell(g, name, x, prev, f / 2, f) : normalCell(g, name, x, prev, f, f);
        prev = x;
        x = out;
      }
    }

    x = g.relu("relu", x);
    x = g.avgPool("avg_pool", x, AvgPool2d.of(spec.finalPool(), 1));
    x = g.flatten("flatten", x);
    x = g.dropout("dropout", x, 0.5);
    return g.build(g.linear("last_linear", x, 1000));
  }

  // ---- cells ---------------------------------------------------------------------------------

  /**
   * {@code CellStem0}: reduction-type cell on the stem output {@code x}; the right-hand branches
   * read {@code x} itself with stem-style separables ({@code BranchSeparablesStem}).
   */
  static Tensor cellStem0(GraphBuilder g, String name, Tensor x, int filters) {
    Tensor left = reluConvBn(g, name + ".conv_1x1", x, filters);
    return reductionCombine(g, name, left, x, filters, true, false);
  }

  /**
   * {@code CellStem1}: reduction-type cell; left input {@code conv_1x1(xStem0)}, right input the
   * factorized reduction of the stem convolution's output.
   */
  static Tensor cellStem1(
      GraphBuilder g, String name, Tensor xStem0, Tensor xConv0, int filters, boolean aligned) {
    Tensor left = reluConvBn(g, name + ".conv_1x1", xStem0, filters);
    Tensor right = factorizedReduction(g, name, xConv0, filters / 2);
    return reductionCombine(g, name, left, right, filters, false, aligned);
  }

  /**
   * {@code FirstCell}: a normal cell whose previous input is halved by a factorized reduction to
   * {@code 2 * outLeft} channels.
   */
  static Tensor firstCell(
      GraphBuilder g, String name, Tensor x, Tensor xPrev, int outLeft, int outRight) {
    Tensor left = factorizedReduction(g, name, xPrev, outLeft);
    Tensor right = reluConvBn(g, name + ".conv_1x1", x, outRight);
    return normalCombine(g, name, left, right);
  }

  /** {@code NormalCell}: 1x1 projections of both inputs, five combinations, six-way concat. */
  static Tensor normalCell(
      GraphBuilder g, String name, Tensor x, Tensor xPrev, int outLeft, int outRight) {
    Tensor left = reluConvBn(g, name + ".conv_prev_1x1", xPrev, outLeft);
    Tensor right = reluConvBn(g, name + ".conv_1x1", x, outRight);
    return normalCombine(g, name, left, right);
  }

  /**
   * {@code ReductionCell0} ({@code aligned}: pad-and-crop branches) or {@code ReductionCell1}
   * (plain in the large port, aligned in the mobile port): halves the spatial size.
   */
  static Tensor reductionCell(
      GraphBuilder g, String name, Tensor x, Tensor xPrev, int out, boolean aligned) {
    Tensor right = reluConvBn(g, name + ".conv_prev_1x1", xPrev, out);
    Tensor left = reluConvBn(g, name + ".conv_1x1", x, out);
    return reductionCombine(g, name, left, right, out, false, aligned);
  }

  /**
   * The normal cell's five combinations on the projected inputs {@code left} ({@code x_left} of the
   * reference: previous cell) and {@code right} ({@code x_right}: this cell's input); output is
   * {@code cat[left, comb_0..comb_4]}.
   */
  private static Tensor normalCombine(GraphBuilder g, String name, Tensor left, Tensor right) {
    int fr = right.channels();
    int fl = left.channels();
    String c = name + ".comb_iter_";
    Tensor c0 =
        g.add(
            c + "0",
            separable(g, c + "0_left", right, fr, 5, 1, false, false),
            separable(g, c + "0_right", left, fl, 3, 1, false, false));
    Tensor c1 =
        g.add(
            c + "1",
            separable(g, c + "1_left", left, fl, 5, 1, false, false),
            separable(g, c + "1_right", left, fl, 3, 1, false, false));
    Tensor c2 = g.add(c + "2", g.avgPool(c + "2_left", right, avgPool3(1)), left);
    Tensor c3 =
        g.add(
            c + "3",
            g.avgPool(c + "3_left", left, avgPool3(1)),
            g.avgPool(c + "3_right", left, avgPool3(1)));
    Tensor c4 = g.add(c + "4", separable(g, c + "4_left", right, fr, 3, 1, false, false), right);
    return g.concat(name, left, c0, c1, c2, c3, c4);
  }

  /**
   * The reduction cell's five combinations: {@code a} (the reference's {@code x_right}, or {@code
   * x1} in the stem) feeds the left branches, {@code b} the right ones; output is {@code
   * cat[comb_1..comb_4]} at half the spatial size.
   *
   * @param stemRight right branches are {@code BranchSeparablesStem} (first separable maps to
   *     {@code filters} channels at once)
   * @param aligned pad-and-crop alignment on every strided-cell branch and pool
   */
  private static Tensor reductionCombine(
      GraphBuilder g,
      String name,
      Tensor a,
      Tensor b,
      int filters,
      boolean stemRight,
      boolean aligned) {
    String c = name + ".comb_iter_";
    Tensor c0 =
        g.add(
            c + "0",
            separable(g, c + "0_left", a, filters, 5, 2, false, aligned),
            separable(g, c + "0_right", b, filters, 7, 2, stemRight, aligned));
    Tensor c1 =
        g.add(
            c + "1",
            pool(g, c + "1_left", a, maxPool3(2), aligned),
            separable(g, c + "1_right", b, filters, 7, 2, stemRight, aligned));
    Tensor c2 =
        g.add(
            c + "2",
            pool(g, c + "2_left", a, avgPool3(2), aligned),
            separable(g, c + "2_right", b, filters, 5, 2, stemRight, aligned));
    Tensor c3 = g.add(c + "3", g.avgPool(c + "3_right", c0, avgPool3(1)), c1);
    Tensor c4 =
        g.add(
            c + "4",
            separable(g, c + "4_left", c0, filters, 3, 1, false, aligned),
            pool(g, c + "4_right", a, maxPool3(2), aligned));
    return g.concat(name, c1, c2, c3, c4);
  }

  // ---- branches ------------------------------------------------------------------------------

  /**
   * {@code BranchSeparables} (or {@code BranchSeparablesStem} when {@code stem}): ReLU, separable
   * conv {@code k x k / stride}, BN, ReLU, separable conv {@code k x k}, BN. With {@code aligned}
   * ({@code BranchSeparablesReduction}, {@code name='specific'}) the first separable conv reads the
   * input padded by one row and column at the top left and its output loses its first row and
   * column.
   */
  private static Tensor separable(
      GraphBuilder g,
      String name,
      Tensor x,
      int out,
      int k,
      int stride,
      boolean stem,
      boolean aligned) {
    Tensor y = g.relu(name + ".relu", x);
    if (aligned) {
      y = g.apply(name + ".padding", new ZeroPad2d(1, 0, 1, 0), y);
    }
    y = separableConv(g, name + ".separable_1", y, stem ? out : x.channels(), k, stride);
    if (aligned) {
      y = cropTopLeft(g, name + ".crop", y);
    }
    y = g.bn(name + ".bn_sep_1", y, BN_EPS);
    y = g.relu(name + ".relu1", y);
    y = separableConv(g, name + ".separable_2", y, out, k, 1);
    return g.bn(name + ".bn_sep_2", y, BN_EPS);
  }

  /**
   * {@code SeparableConv2d}: depthwise {@code k x k / stride}, pad {@code k / 2}, then pointwise;
   * no biases.
   */
  private static Tensor separableConv(
      GraphBuilder g, String name, Tensor x, int out, int k, int stride) {
    int c = x.channels();
    Tensor y =
        g.conv(
            name + ".depthwise_conv2d",
            x,
            Conv2d.of(c, k).stride(stride).pad(k / 2).groups(c).noBias());
    return g.conv(name + ".pointwise_conv2d", y, Conv2d.of(out, 1).noBias());
  }

  /**
   * A pooling branch; {@code aligned} makes it the reference's {@code MaxPoolPad} / {@code
   * AvgPoolPad}: pad top-left by one, pool, drop the first row and column.
   */
  private static Tensor pool(GraphBuilder g, String name, Tensor x, Op pool, boolean aligned) {
    if (!aligned) {
      return g.apply(name, pool, x);
    }
    Tensor y = g.apply(name + ".pad", new ZeroPad2d(1, 0, 1, 0), x);
    y = g.apply(name + ".pool", pool, y);
    return cropTopLeft(g, name + ".crop", y);
  }

  /**
   * The factorized reduction of {@code CellStem1} and {@code FirstCell}: ReLU, then two paths of
   * avg pool 1x1/2 + 1x1 conv to {@code outPerPath} channels, the second on the input shifted by
   * one pixel (pad right/bottom, crop top/left), concatenated and batch-normalized.
   */
  private static Tensor factorizedReduction(GraphBuilder g, String name, Tensor x, int outPerPath) {
    Tensor r = g.relu(name + ".relu", x);
    AvgPool2d sub = AvgPool2d.of(1, 2).excludePad();
    Tensor p1 = g.avgPool(name + ".path_1.avgpool", r, sub);
    p1 = g.conv(name + ".path_1.conv", p1, Conv2d.of(outPerPath, 1).noBias());
    Tensor p2 = g.apply(name + ".path_2.pad", new ZeroPad2d(0, 1, 0, 1), r);
    p2 = cropTopLeft(g, name + ".path_2.crop", p2);
    p2 = g.avgPool(name + ".path_2.avgpool", p2, sub);
    p2 = g.conv(name + ".path_2.conv", p2, Conv2d.of(outPerPath, 1).noBias());
    Tensor cat = g.concat(name + ".path_cat", p1, p2);
    return g.bn(name + ".final_path_bn", cat, BN_EPS);
  }

  /** ReLU, 1x1 conv (no bias), BN: the reference's {@code conv_1x1} / {@code conv_prev_1x1}. */
  private static Tensor reluConvBn(GraphBuilder g, String name, Tensor x, int out) {
    Tensor y = g.relu(name + ".relu", x);
    y = g.conv(name + ".conv", y, Conv2d.of(out, 1).noBias());
    return g.bn(name + ".bn", y, BN_EPS);
  }

  /** {@code x[:, :, 1:, 1:]}: drops the first row and the first column. */
  private static Tensor cropTopLeft(GraphBuilder g, String name, Tensor x) {
    Tensor y = g.apply(name + "_rows", new Slice(1, 1, x.shape().height()), x);
    return g.apply(name + "_cols", new Slice(2, 1, y.shape().width()), y);
  }

  private static MaxPool2d maxPool3(int stride) {
    return MaxPool2d.of(3, stride).pad(1);
  }

  private static AvgPool2d avgPool3(int stride) {
    return AvgPool2d.of(3, stride).pad(1).excludePad();
  }
}
