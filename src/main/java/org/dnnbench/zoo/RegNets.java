package org.dnnbench.zoo;

import java.util.ArrayList;
import java.util.List;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.AdaptiveAvgPool2d;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * RegNetX and RegNetY: Radosavovic, Kosaraju, Girshick, He, Dollár, "Designing Network Design
 * Spaces", CVPR 2020, as torchvision 0.14 {@code models/regnet.py} defines them: a 3x3/2 stem to 32
 * channels, then stages of residual bottleneck blocks (1x1, grouped 3x3 carrying the stride, for
 * RegNetY squeeze-and-excitation with ReLU/sigmoid, 1x1; bottleneck ratio 1; a 1x1 projection
 * shortcut where the width or the stride changes), average pool and the classifier.
 *
 * <p>Each variant is its design-space point ({@link RegNetSpec}: depth, initial width {@code w0},
 * slope {@code wa}, log-step {@code wm}, group width, SE ratio), and {@link #stages} derives the
 * stages from it as torchvision's {@code BlockParams.from_init_params} does: per-block widths
 * {@code w0 * wm^round(log((i * wa + w0) / w0) / log(wm))} quantized to multiples of 8 (in float32,
 * as torch computes them), consecutive equal widths forming a stage, and each stage's width made
 * divisible by its group width.
 */
final class RegNets {
  private RegNets() {}

  /**
   * A design-space point.
   *
   * @param name catalog id
   * @param depth blocks in all
   * @param w0 initial width
   * @param wa width slope
   * @param wm width multiplier between stages (in log space)
   * @param groupWidth channels per group of the 3x3 convolutions
   * @param seRatio squeeze channels over the block's input width; 0 for RegNetX
   */
  record RegNetSpec(
      String name, int depth, int w0, double wa, double wm, int groupWidth, double seRatio) {
    RegNetSpec {
      if (wa < 0 || w0 <= 0 || wm <= 1 || w0 % 8 != 0 || depth < 1 || groupWidth < 1) {
        throw new IllegalArgumentException("invalid RegNet settings for " + name);
      }
    }
  }

  /**
   * One stage: {@code depth} blocks of output {@code width} and 3x3 groups of {@code groupWidth}.
   */
  record Stage(int depth, int width, int groupWidth) {}

  private static final double SE = 0.25;

  /** torchvision's variants, as its builders state them. */
  static final List<RegNetSpec> SPECS =
      List.of(
          new RegNetSpec("regnet_x_400mf", 22, 24, 24.48, 2.54, 16, 0),
          new RegNetSpec("regnet_x_800mf", 16, 56, 35.73, 2.28, 16, 0),
          new RegNetSpec("regnet_x_1_6gf", 18, 80, 34.01, 2.25, 24, 0),
          new RegNetSpec("regnet_x_3_2gf", 25, 88, 26.31, 2.25, 48, 0),
          new RegNetSpec("regnet_x_8gf", 23, 80, 49.56, 2.88, 120, 0),
          new RegNetSpec("regnet_x_16gf", 22, 216, 55.59, 2.1, 128, 0),
          new RegNetSpec("regnet_x_32gf", 23, 320, 69.86, 2.0, 168, 0),
          new RegNetSpec("regnet_y_400mf", 16, 48, 27.89, 2.09, 8, SE),
          new RegNetSpec("regnet_y_800mf", 14, 56, 38.84, 2.4, 16, SE),
          new RegNetSpec("regnet_y_1_6gf", 27, 48, 20.71, 2.65, 24, SE),
          new RegNetSpec("regnet_y_3_2gf", 21, 80, 42.63, 2.66, 24, SE),
          new RegNetSpec("regnet_y_8gf", 17, 192, 76.82, 2.19, 56, SE),
          new RegNetSpec("regnet_y_16gf", 18, 200, 106.23, 2.48, 112, SE),
          new RegNetSpec("regnet_y_32gf", 20, 232, 115.89, 2.53, 232, SE),
          new RegNetSpec("regnet_y_128gf", 27, 456, 160.83, 2.52, 264, SE));

  static void registerAll(ZooRegistry registry) {
    for (RegNetSpec s : SPECS) {
      registry.register(s.name(), (h, w) -> build(s, h, w));
    }
  }

  /** The stages of a design-space point (torchvision's {@code BlockParams.from_init_params}). */
  static List<Stage> stages(RegNetSpec spec) {
    float w0 = spec.w0();
    float logWm = (float) Math.log(spec.wm());
    int[] widths = new int[spec.depth()];
    for (int i = 0; i < spec.depth(); i++) {
      float cont = (float) i * (float) spec.wa() + w0;
      float capacity = (float) Math.rint((float) Math.log(cont / w0) / logWm);
      float w = w0 * (float) Math.pow((float) spec.wm(), capacity);
      widths[i] = (int) Math.rint(w / 8f) * 8;
    }
    var stages = new ArrayList<Stage>();
    int start = 0;
    for (int i = 1; i <= widths.length; i++) {
      if (i == widths.length || widths[i] != widths[start]) {
        int group = Math.min(spec.groupWidth(), widths[start]);
        int width = TorchvisionBlocks.makeDivisible(widths[start], group);
        stages.add(new Stage(i - start, width, group));
        start = i;
      }
    }
    return List.copyOf(stages);
  }

  /** The network at 224x224. */
  static ModelGraph build(RegNetSpec spec, int h, int w) {
    var g = new GraphBuilder(spec.name(), Shape.chw(3, h, w));
    Tensor x = TorchvisionBlocks.convBnAct(g, "stem", g.input(), 32, 3, 2, 1, Activation.RELU);
    List<Stage> stages = stages(spec);
    for (int s = 0; s < stages.size(); s++) {
      Stage st = stages.get(s);
      for (int b = 0; b < st.depth(); b++) {
        String name = "trunk_output.block" + (s + 1) + ".block" + (s + 1) + "-" + b;
        x = block(g, name, x, st.width(), b == 0 ? 2 : 1, st.groupWidth(), spec.seRatio());
      }
    }
    x = g.apply("avgpool", new AdaptiveAvgPool2d(1, 1), x);
    return g.build(g.linear("fc", g.flatten("flatten", x), 1000));
  }

  /**
   * {@code ResBottleneckBlock}: {@code relu(f(x) + proj(x))}, f = 1x1 ({@code f.a}), grouped 3x3
   * with the stride ({@code f.b}), squeeze-and-excitation to {@code round(seRatio * C_in)} ({@code
   * f.se}, RegNetY), 1x1 ({@code f.c}); the projection is a strided 1x1 convolution + BN where the
   * width or the stride changes.
   */
  static Tensor block(
      GraphBuilder g, String name, Tensor x, int width, int stride, int groupWidth, double se) {
    int in = x.shape().channels();
    Tensor shortcut = x;
    if (in != width || stride != 1) { // torchvision evaluates proj(x) before f(x)
      shortcut =
          g.bn(
              name + ".proj.1",
              g.conv(name + ".proj.0", x, Conv2d.of(width, 1).stride(stride).noBias()));
    }
    Tensor y = TorchvisionBlocks.convBnAct(g, name + ".f.a", x, width, 1, 1, 1, Activation.RELU);
    y =
        TorchvisionBlocks.convBnAct(
            g, name + ".f.b", y, width, 3, stride, width / groupWidth, Activation.RELU);
    if (se > 0) {
      int squeeze = (int) Math.rint(se * in);
      y =
          TorchvisionBlocks.squeezeExcitation(
              g, name + ".f.se", y, squeeze, Activation.RELU, Activation.SIGMOID);
    }
    y = TorchvisionBlocks.convBnAct(g, name + ".f.c", y, width, 1, 1, 1, null);
    return g.relu(name + ".activation", g.add(name + ".add", shortcut, y));
  }
}
