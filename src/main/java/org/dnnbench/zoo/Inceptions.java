package org.dnnbench.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.dnnbench.graph.AdaptiveAvgPool2d;
import org.dnnbench.graph.AvgPool2d;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.Lrn;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Op;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * The Inception family: parallel branches of convolutions and pooling, concatenated along the
 * channels.
 *
 * <ul>
 *   <li>{@code googlenet}: Szegedy et al., "Going Deeper with Convolutions", CVPR 2015, as the
 *       Caffe BVLC model ({@code models/bvlc_googlenet}) converted to PyTorch with MMdnn in the
 *       study's fork CeLuigi/models-comparison.pytorch, {@code
 *       pretrainedmodels/models/googlenet.py}: biases on every convolution, no batch norm, LRN
 *       (size 5, alpha 1e-4, beta 0.75, k 1) after the first pool and after {@code conv2/3x3},
 *       ceil-mode stride-2 max pools, 5x5 branches, 7x7 average pool, dropout, FC 1024 to 1000, no
 *       auxiliary classifiers. 6,998,552 parameters. That port drops out with p = 0.5 where Caffe's
 *       prototxt says 0.4; either is the identity at inference.
 *   <li>{@code bninception}: Ioffe and Szegedy, "Batch Normalization: Accelerating Deep Network
 *       Training by Reducing Internal Covariate Shift", ICML 2015, as Cadene's
 *       pretrained-models.pytorch {@code pretrainedmodels/models/bninception.py} defines it: every
 *       convolution with a bias and a batch norm (eps 1e-5, affine), ceil-mode pools, average pools
 *       in the branches of 3a, 3b, 4a-4d and 5a but a max pool in 5b, stride-2 max pools in the
 *       reductions 3c and 4e. 11,295,240 parameters.
 *   <li>{@code inception_v3}: Szegedy et al., "Rethinking the Inception Architecture for Computer
 *       Vision", CVPR 2016, as torchvision 0.14 {@code models/inception.py} defines its inference
 *       graph (no auxiliary classifier, no {@code transform_input}): BasicConv2d = convolution
 *       without bias, batch norm (eps 0.001), ReLU; factorized 1x7/7x1 and 1x3/3x1 kernels.
 *       23,834,568 parameters at 299x299 (27,161,264 with the auxiliary classifier).
 *   <li>{@code inception_v4} and {@code inception_resnet_v2}: Szegedy, Ioffe, Vanhoucke, Alemi,
 *       "Inception-v4, Inception-ResNet and the Impact of Residual Connections on Learning", AAAI
 *       2017, as Cadene's {@code inceptionv4.py} and {@code inceptionresnetv2.py} define them
 *       (BasicConv2d with batch norm eps 0.001, final 8x8 average pool at 299x299). 42,679,816 and
 *       55,843,464 parameters. The residual branches of Inception-ResNet-v2 are scaled by constants
 *       (0.17, 0.10, 0.20; 1.0 in the last block) before the addition; a constant scale of a
 *       convolution's output equals that convolution with scaled weights and bias, so the graph
 *       folds it into the {@code conv2d} up-projection of each block: no parameter, no MAC, no
 *       node.
 * </ul>
 *
 * <p>Node names mirror the reference's module names ({@code inception_3a_3x3_reduce}, {@code
 * Mixed_6b.branch7x7_2.conv}, {@code features.6.branch1.0.bn}, {@code repeat_1.3.conv2d}); nodes
 * the reference computes functionally get descriptive names ({@code Mixed_5b.avg_pool}).
 */
final class Inceptions {
  private Inceptions() {}

  static void registerAll(ZooRegistry registry) {
    registry.register("googlenet", Inceptions::googlenet);
    registry.register("bninception", Inceptions::bninception);
    registry.register("inception_v3", Inceptions::inceptionV3);
    registry.register("inception_v4", Inceptions::inceptionV4);
    registry.register("inception_resnet_v2", Inceptions::inceptionResnetV2);
  }

  // ---------------------------------------------------------------------------------------------
  // The conv unit and the branch description shared by every model of the family.

  /** How a model's reference names the nodes of a conv unit. */
  enum Naming {
    /** Module paths, as torchvision's and Cadene's BasicConv2d: {@code x.conv, x.bn, x.relu}. */
    MODULE,
    /** Caffe layer names: {@code b_l, b_l_bn, b_relu_l} for layer {@code l} of block {@code b}. */
    CAFFE;

    /** The name of {@code layer} inside {@code prefix} (either may be empty). */
    String join(String prefix, String layer) {
      if (prefix.isEmpty() || layer.isEmpty()) {
        return prefix + layer;
      }
      return switch (this) {
        case MODULE -> prefix + "." + layer;
        case CAFFE -> prefix + "_" + layer;
      };
    }
  }

  /**
   * The conv unit of a model: the convolution (bias as the {@link Conv2d} says), a batch norm with
   * {@code bnEps} when present, a ReLU; and how its nodes are named.
   */
  record ConvUnit(OptionalDouble bnEps, Naming naming) {
    /** Caffe GoogLeNet: conv with bias, ReLU. */
    static final ConvUnit GOOGLENET = new ConvUnit(OptionalDouble.empty(), Naming.CAFFE);

    /** BN-Inception: conv with bias, BN (eps 1e-5), ReLU. */
    static final ConvUnit BN_INCEPTION = new ConvUnit(OptionalDouble.of(1e-5), Naming.CAFFE);

    /** BasicConv2d of Inception-v3/v4 and Inception-ResNet-v2: conv, BN (eps 0.001), ReLU. */
    static final ConvUnit BASIC = new ConvUnit(OptionalDouble.of(1e-3), Naming.MODULE);

    ConvUnit {
      if (bnEps.isPresent() && !(bnEps.getAsDouble() > 0)) {
        throw new IllegalArgumentException(
            "batch norm eps must be > 0, got " + bnEps.getAsDouble());
      }
    }

    /** Conv, optional BN, ReLU on {@code x}, named after {@code layer} of block {@code prefix}. */
    Tensor apply(GraphBuilder g, String prefix, String layer, Tensor x, Conv2d conv) {
      String full = naming.join(prefix, layer);
      return switch (naming) {
        case MODULE -> apply(g, full + ".conv", full + ".bn", full + ".relu", x, conv);
        case CAFFE -> apply(g, full, full + "_bn", naming.join(prefix, "relu_" + layer), x, conv);
      };
    }

    /** Conv, optional BN, ReLU on {@code x}, with the three node names spelled out. */
    Tensor apply(
        GraphBuilder g, String convName, String bnName, String reluName, Tensor x, Conv2d conv) {
      Tensor y = g.conv(convName, x, conv);
      if (bnEps.isPresent()) {
        y = g.bn(bnName, y, bnEps.getAsDouble());
      }
      return g.relu(reluName, y);
    }
  }

  /**
   * One step of a branch. A branch is a list of steps applied in turn; a block is a {@link Fork} of
   * branches. Steps are values, so repeated blocks are written once, as data.
   */
  private sealed interface Step {
    /** Applies the step to {@code x} inside block {@code prefix}. */
    Tensor build(GraphBuilder g, ConvUnit unit, String prefix, Tensor x);
  }

  /** A conv unit (conv, BN if the model has it, ReLU). */
  private record Unit(String name, Conv2d conv) implements Step {
    @Override
    public Tensor build(GraphBuilder g, ConvUnit unit, String prefix, Tensor x) {
      return unit.apply(g, prefix, name, x, conv);
    }
  }

  /** An op applied as it is: a pooling, or a bare convolution. */
  private record Plain(String name, Op op) implements Step {
    @Override
    public Tensor build(GraphBuilder g, ConvUnit unit, String prefix, Tensor x) {
      return g.apply(unit.naming().join(prefix, name), op, x);
    }
  }

  /** Parallel branches from one input, concatenated along the channels in their order. */
  private record Fork(String name, List<List<Step>> branches) implements Step {
    Fork {
      branches = branches.stream().map(List::copyOf).toList();
      if (branches.isEmpty() || branches.stream().anyMatch(List::isEmpty)) {
        throw new IllegalArgumentException(
            "fork '" + name + "' needs one or more non-empty branches, got " + branches);
      }
    }

    @Override
    public Tensor build(GraphBuilder g, ConvUnit unit, String prefix, Tensor x) {
      var outs = new ArrayList<Tensor>();
      for (List<Step> branch : branches) {
        outs.add(chain(g, unit, prefix, x, branch));
      }
      return g.concat(unit.naming().join(prefix, name), outs);
    }
  }

  /**
   * A block of the reference: the branches from its input, concatenated into a node named {@code
   * out} inside {@code name} (named {@code name} alone when {@code out} is empty).
   */
  private record Block(String name, String out, List<List<Step>> branches) {
    Block {
      branches = branches.stream().map(List::copyOf).toList();
    }

    Tensor build(GraphBuilder g, ConvUnit unit, Tensor x) {
      return new Fork(out, branches).build(g, unit, name, x);
    }
  }

  /** Applies {@code steps} in turn. */
  private static Tensor chain(
      GraphBuilder g, ConvUnit unit, String prefix, Tensor x, List<Step> steps) {
    for (Step s : steps) {
      x = s.build(g, unit, prefix, x);
    }
    return x;
  }

  /** Applies {@code blocks} in turn. */
  private static Tensor blocks(GraphBuilder g, ConvUnit unit, Tensor x, List<Block> blocks) {
    for (Block b : blocks) {
      x = b.build(g, unit, x);
    }
    return x;
  }

  private static Unit unit(String name, Conv2d conv) {
    return new Unit(name, conv);
  }

  private static Plain plain(String name, Op op) {
    return new Plain(name, op);
  }

  /**
   * A PyTorch {@code nn.Sequential} named {@code name}: its ops are named {@code name.0}, {@code
   * name.1}, ..., or {@code name} alone when there is one (a module used without a Sequential).
   * Convolutions become conv units; other ops are applied as they are.
   */
  private static List<Step> seq(String name, Op... ops) {
    var steps = new ArrayList<Step>();
    for (int i = 0; i < ops.length; i++) {
      String n = ops.length == 1 ? name : name + "." + i;
      steps.add(ops[i] instanceof Conv2d c ? unit(n, c) : plain(n, ops[i]));
    }
    return List.copyOf(steps);
  }

  /** {@code k x k} convolution without bias (BasicConv2d), stride 1, no padding. */
  private static Conv2d conv(int out, int k) {
    return Conv2d.of(out, k).noBias();
  }

  /** {@code kh x kw} convolution without bias, padded to keep the size (1x7 pad 0x3, ...). */
  private static Conv2d same(int out, int kh, int kw) {
    return Conv2d.of(out, kh, kw).pad(kh / 2, kw / 2).noBias();
  }

  /** 3x3/1 pad 1 average pool; {@code countPad} as PyTorch's {@code count_include_pad}. */
  private static AvgPool2d avg3(boolean countPad) {
    AvgPool2d p = AvgPool2d.of(3, 1).pad(1);
    return countPad ? p : p.excludePad();
  }

  /** 3x3/2 max pool, floor mode, no padding. */
  private static MaxPool2d max3s2() {
    return MaxPool2d.of(3, 2);
  }

  /** The head: the reference's fixed final average pool ({@code window}), flatten, FC to 1000. */
  private static Tensor classifier(
      GraphBuilder g, Tensor x, String pool, AvgPool2d window, String fc) {
    x = g.flatten("flatten", g.avgPool(pool, x, window));
    return g.linear(fc, x, 1000);
  }

  // ---------------------------------------------------------------------------------------------
  // GoogLeNet (Caffe BVLC)

  /** An Inception module of GoogLeNet: 1x1; 1x1 then 3x3; 1x1 then 5x5; 3x3 max pool then 1x1. */
  private static Block googlenetBlock(
      String id, int c1x1, int r3, int c3, int r5, int c5, int proj) {
    return new Block(
        "inception_" + id,
        "output",
        List.of(
            List.of(unit("1x1", Conv2d.of(c1x1, 1))),
            List.of(unit("3x3_reduce", Conv2d.of(r3, 1)), unit("3x3", Conv2d.of(c3, 3).pad(1))),
            List.of(unit("5x5_reduce", Conv2d.of(r5, 1)), unit("5x5", Conv2d.of(c5, 5).pad(2))),
            List.of(
                plain("pool", MaxPool2d.of(3, 1).pad(1)), unit("pool_proj", Conv2d.of(proj, 1)))));
  }

  /** The Inception modules of GoogLeNet, stage by stage (3a-3b, 4a-4e, 5a-5b). */
  private static final List<Block> GOOGLENET_3 =
      List.of(
          googlenetBlock("3a", 64, 96, 128, 16, 32, 32),
          googlenetBlock("3b", 128, 128, 192, 32, 96, 64));

  private static final List<Block> GOOGLENET_4 =
      List.of(
          googlenetBlock("4a", 192, 96, 208, 16, 48, 64),
          googlenetBlock("4b", 160, 112, 224, 24, 64, 64),
          googlenetBlock("4c", 128, 128, 256, 24, 64, 64),
          googlenetBlock("4d", 112, 144, 288, 32, 64, 64),
          googlenetBlock("4e", 256, 160, 320, 32, 128, 128));

  private static final List<Block> GOOGLENET_5 =
      List.of(
          googlenetBlock("5a", 256, 160, 320, 32, 128, 128),
          googlenetBlock("5b", 384, 192, 384, 48, 128, 128));

  /** Caffe's LRN of GoogLeNet: 5 channels, alpha 1e-4, beta 0.75, k 1. */
  private static final Lrn GOOGLENET_LRN = new Lrn(5, 1e-4, 0.75, 1.0);

  static ModelGraph googlenet(int h, int w) {
    var g = new GraphBuilder("googlenet", Shape.chw(3, h, w));
    ConvUnit u = ConvUnit.GOOGLENET;
    MaxPool2d pool = MaxPool2d.of(3, 2).ceil();
    Conv2d conv1 = Conv2d.of(64, 7).stride(2).pad(3);
    Tensor x = u.apply(g, "conv1_7x7_s2", "conv1_7x7_s2_bn", "conv1_relu_7x7", g.input(), conv1);
    x = g.maxPool("pool1_3x3_s2", x, pool);
    x = g.apply("pool1_norm1", GOOGLENET_LRN, x);
    x = u.apply(g, "conv2", "3x3_reduce", x, Conv2d.of(64, 1));
    x = u.apply(g, "conv2", "3x3", x, Conv2d.of(192, 3).pad(1));
    x = g.apply("conv2_norm2", GOOGLENET_LRN, x);
    x = g.maxPool("pool2_3x3_s2", x, pool);
    x = blocks(g, u, x, GOOGLENET_3);
    x = g.maxPool("pool3_3x3_s2", x, pool);
    x = blocks(g, u, x, GOOGLENET_4);
    x = g.maxPool("pool4_3x3_s2", x, pool);
    x = blocks(g, u, x, GOOGLENET_5);
    x = g.avgPool("pool5_7x7_s1", x, AvgPool2d.of(7, 1));
    x = g.dropout("pool5_drop_7x7_s1", x, 0.5);
    x = g.flatten("flatten", x);
    return g.build(g.linear("loss3_classifier_1", x, 1000));
  }

  // ---------------------------------------------------------------------------------------------
  // BN-Inception (Cadene bninception.py)

  /** A BN-Inception module: 1x1; 1x1, 3x3; 1x1, 3x3, 3x3; pool then 1x1 projection. */
  private static Block bnBlock(
      String id, int c1x1, int r3, int c3, int rd, int d3, Op pool, int proj) {
    return new Block(
        "inception_" + id,
        "output",
        List.of(
            List.of(unit("1x1", Conv2d.of(c1x1, 1))),
            List.of(unit("3x3_reduce", Conv2d.of(r3, 1)), unit("3x3", Conv2d.of(c3, 3).pad(1))),
            List.of(
                unit("double_3x3_reduce", Conv2d.of(rd, 1)),
                unit("double_3x3_1", Conv2d.of(d3, 3).pad(1)),
                unit("double_3x3_2", Conv2d.of(d3, 3).pad(1))),
            List.of(plain("pool", pool), unit("pool_proj", Conv2d.of(proj, 1)))));
  }

  /** A BN-Inception reduction (3c, 4e): stride-2 3x3 and double 3x3, and a stride-2 max pool. */
  private static Block bnReduction(String id, int r3, int c3, int rd, int d3) {
    return new Block(
        "inception_" + id,
        "output",
        List.of(
            List.of(
                unit("3x3_reduce", Conv2d.of(r3, 1)),
                unit("3x3", Conv2d.of(c3, 3).stride(2).pad(1))),
            List.of(
                unit("double_3x3_reduce", Conv2d.of(rd, 1)),
                unit("double_3x3_1", Conv2d.of(d3, 3).pad(1)),
                unit("double_3x3_2", Conv2d.of(d3, 3).stride(2).pad(1))),
            List.of(plain("pool", MaxPool2d.of(3, 2).ceil()))));
  }

  private static final AvgPool2d BN_AVG = AvgPool2d.of(3, 1).pad(1).ceil();
  private static final MaxPool2d BN_MAX = MaxPool2d.of(3, 1).pad(1).ceil();

  /** The ten modules of BN-Inception, 3a to 5b. */
  private static final List<Block> BN_INCEPTION_BLOCKS =
      List.of(
          bnBlock("3a", 64, 64, 64, 64, 96, BN_AVG, 32),
          bnBlock("3b", 64, 64, 96, 64, 96, BN_AVG, 64),
          bnReduction("3c", 128, 160, 64, 96),
          bnBlock("4a", 224, 64, 96, 96, 128, BN_AVG, 128),
          bnBlock("4b", 192, 96, 128, 96, 128, BN_AVG, 128),
          bnBlock("4c", 160, 128, 160, 128, 160, BN_AVG, 128),
          bnBlock("4d", 96, 128, 192, 160, 192, BN_AVG, 128),
          bnReduction("4e", 128, 192, 192, 256),
          bnBlock("5a", 352, 192, 320, 160, 224, BN_AVG, 128),
          bnBlock("5b", 352, 192, 320, 192, 224, BN_MAX, 128));

  static ModelGraph bninception(int h, int w) {
    var g = new GraphBuilder("bninception", Shape.chw(3, h, w));
    ConvUnit u = ConvUnit.BN_INCEPTION;
    MaxPool2d pool = MaxPool2d.of(3, 2).ceil();
    Conv2d conv1 = Conv2d.of(64, 7).stride(2).pad(3);
    Tensor x = u.apply(g, "conv1_7x7_s2", "conv1_7x7_s2_bn", "conv1_relu_7x7", g.input(), conv1);
    x = g.maxPool("pool1_3x3_s2", x, pool);
    x = u.apply(g, "conv2", "3x3_reduce", x, Conv2d.of(64, 1));
    x = u.apply(g, "conv2", "3x3", x, Conv2d.of(192, 3).pad(1));
    x = g.maxPool("pool2_3x3_s2", x, pool);
    x = blocks(g, u, x, BN_INCEPTION_BLOCKS);
    return g.build(classifier(g, x, "global_pool", AvgPool2d.of(7, 1).ceil(), "last_linear"));
  }

  // ---------------------------------------------------------------------------------------------
  // Inception-v3 (torchvision 0.14)

  /** InceptionA (Mixed_5b-5d): 1x1; 1x1, 5x5; 1x1, 3x3, 3x3; avg pool, 1x1. */
  private static Block inceptionA(String name, int poolFeatures) {
    return new Block(
        name,
        "",
        List.of(
            List.of(unit("branch1x1", conv(64, 1))),
            List.of(unit("branch5x5_1", conv(48, 1)), unit("branch5x5_2", conv(64, 5).pad(2))),
            List.of(
                unit("branch3x3dbl_1", conv(64, 1)),
                unit("branch3x3dbl_2", conv(96, 3).pad(1)),
                unit("branch3x3dbl_3", conv(96, 3).pad(1))),
            List.of(plain("avg_pool", avg3(true)), unit("branch_pool", conv(poolFeatures, 1)))));
  }

  /** InceptionB (Mixed_6a), a reduction: 3x3/2; 1x1, 3x3, 3x3/2; max pool/2. */
  private static Block inceptionB(String name) {
    return new Block(
        name,
        "",
        List.of(
            List.of(unit("branch3x3", conv(384, 3).stride(2))),
            List.of(
                unit("branch3x3dbl_1", conv(64, 1)),
                unit("branch3x3dbl_2", conv(96, 3).pad(1)),
                unit("branch3x3dbl_3", conv(96, 3).stride(2))),
            List.of(plain("branch_pool", max3s2()))));
  }

  /** InceptionC (Mixed_6b-6e): factorized 7x7 as 1x7 and 7x1, {@code c7} channels inside. */
  private static Block inceptionC(String name, int c7) {
    return new Block(
        name,
        "",
        List.of(
            List.of(unit("branch1x1", conv(192, 1))),
            List.of(
                unit("branch7x7_1", conv(c7, 1)),
                unit("branch7x7_2", same(c7, 1, 7)),
                unit("branch7x7_3", same(192, 7, 1))),
            List.of(
                unit("branch7x7dbl_1", conv(c7, 1)),
                unit("branch7x7dbl_2", same(c7, 7, 1)),
                unit("branch7x7dbl_3", same(c7, 1, 7)),
                unit("branch7x7dbl_4", same(c7, 7, 1)),
                unit("branch7x7dbl_5", same(192, 1, 7))),
            List.of(plain("avg_pool", avg3(true)), unit("branch_pool", conv(192, 1)))));
  }

  /** InceptionD (Mixed_7a), a reduction: 1x1, 3x3/2; 1x1, 1x7, 7x1, 3x3/2; max pool/2. */
  private static Block inceptionD(String name) {
    return new Block(
        name,
        "",
        List.of(
            List.of(unit("branch3x3_1", conv(192, 1)), unit("branch3x3_2", conv(320, 3).stride(2))),
            List.of(
                unit("branch7x7x3_1", conv(192, 1)),
                unit("branch7x7x3_2", same(192, 1, 7)),
                unit("branch7x7x3_3", same(192, 7, 1)),
                unit("branch7x7x3_4", conv(192, 3).stride(2))),
            List.of(plain("branch_pool", max3s2()))));
  }

  /** A 1x3 and a 3x1 unit side by side on one input, concatenated (Inception-v3 E, v4 C). */
  private static Fork split(String name, String a, String b, int out) {
    return new Fork(
        name, List.of(List.of(unit(a, same(out, 1, 3))), List.of(unit(b, same(out, 3, 1)))));
  }

  /** InceptionE (Mixed_7b, 7c): branches that split into 1x3 and 3x1 halves. */
  private static Block inceptionE(String name) {
    return new Block(
        name,
        "",
        List.of(
            List.of(unit("branch1x1", conv(320, 1))),
            List.of(
                unit("branch3x3_1", conv(384, 1)),
                split("branch3x3", "branch3x3_2a", "branch3x3_2b", 384)),
            List.of(
                unit("branch3x3dbl_1", conv(448, 1)),
                unit("branch3x3dbl_2", conv(384, 3).pad(1)),
                split("branch3x3dbl", "branch3x3dbl_3a", "branch3x3dbl_3b", 384)),
            List.of(plain("avg_pool", avg3(true)), unit("branch_pool", conv(192, 1)))));
  }

  private static final List<Block> INCEPTION_V3_BLOCKS =
      List.of(
          inceptionA("Mixed_5b", 32),
          inceptionA("Mixed_5c", 64),
          inceptionA("Mixed_5d", 64),
          inceptionB("Mixed_6a"),
          inceptionC("Mixed_6b", 128),
          inceptionC("Mixed_6c", 160),
          inceptionC("Mixed_6d", 160),
          inceptionC("Mixed_6e", 192),
          inceptionD("Mixed_7a"),
          inceptionE("Mixed_7b"),
          inceptionE("Mixed_7c"));

  /**
   * The stem Inception-v3 and Inception-ResNet-v2 share (three 3x3 convolutions, a max pool, a 1x1
   * and a 3x3 convolution, a max pool), under each reference's names, in order.
   */
  private static Tensor v3Stem(GraphBuilder g, ConvUnit u, String... names) {
    Tensor x = u.apply(g, "", names[0], g.input(), conv(32, 3).stride(2));
    x = u.apply(g, "", names[1], x, conv(32, 3));
    x = u.apply(g, "", names[2], x, conv(64, 3).pad(1));
    x = g.maxPool(names[3], x, max3s2());
    x = u.apply(g, "", names[4], x, conv(80, 1));
    x = u.apply(g, "", names[5], x, conv(192, 3));
    return g.maxPool(names[6], x, max3s2());
  }

  static ModelGraph inceptionV3(int h, int w) {
    var g = new GraphBuilder("inception_v3", Shape.chw(3, h, w));
    ConvUnit u = ConvUnit.BASIC;
    Tensor x =
        v3Stem(
            g,
            u,
            "Conv2d_1a_3x3",
            "Conv2d_2a_3x3",
            "Conv2d_2b_3x3",
            "maxpool1",
            "Conv2d_3b_1x1",
            "Conv2d_4a_3x3",
            "maxpool2");
    x = blocks(g, u, x, INCEPTION_V3_BLOCKS);
    x = g.apply("avgpool", new AdaptiveAvgPool2d(1, 1), x);
    x = g.dropout("dropout", x, 0.5);
    x = g.flatten("flatten", x);
    return g.build(g.linear("fc", x, 1000));
  }

  // ---------------------------------------------------------------------------------------------
  // Inception-v4 (Cadene inceptionv4.py)

  /** Inception-A of v4 (35x35): 1x1; 1x1, 3x3; 1x1, 3x3, 3x3; avg pool, 1x1. */
  private static Block v4A(String name) {
    return new Block(
        name,
        "",
        List.of(
            seq("branch0", conv(96, 1)),
            seq("branch1", conv(64, 1), conv(96, 3).pad(1)),
            seq("branch2", conv(64, 1), conv(96, 3).pad(1), conv(96, 3).pad(1)),
            seq("branch3", avg3(false), conv(96, 1))));
  }

  /** Inception-B of v4 (17x17): factorized 7x7 branches. */
  private static Block v4B(String name) {
    return new Block(
        name,
        "",
        List.of(
            seq("branch0", conv(384, 1)),
            seq("branch1", conv(192, 1), same(224, 1, 7), same(256, 7, 1)),
            seq(
                "branch2",
                conv(192, 1),
                same(192, 7, 1),
                same(224, 1, 7),
                same(224, 7, 1),
                same(256, 1, 7)),
            seq("branch3", avg3(false), conv(128, 1))));
  }

  /** Inception-C of v4 (8x8): branches that split into 1x3 and 3x1 halves. */
  private static Block v4C(String name) {
    return new Block(
        name,
        "",
        List.of(
            seq("branch0", conv(256, 1)),
            List.of(
                unit("branch1_0", conv(384, 1)), split("branch1", "branch1_1a", "branch1_1b", 256)),
            List.of(
                unit("branch2_0", conv(384, 1)),
                unit("branch2_1", same(448, 3, 1)),
                unit("branch2_2", same(512, 1, 3)),
                split("branch2", "branch2_3a", "branch2_3b", 256)),
            seq("branch3", avg3(false), conv(256, 1))));
  }

  /** Modules 3 to 21 of {@code InceptionV4.features} (Mixed_3a to the last Inception-C). */
  private static List<Block> inceptionV4Blocks() {
    var blocks = new ArrayList<Block>();
    // Mixed_3a, Mixed_4a, Mixed_5a
    blocks.add(
        new Block(
            "features.3",
            "",
            List.of(seq("maxpool", max3s2()), seq("conv", conv(96, 3).stride(2)))));
    blocks.add(
        new Block(
            "features.4",
            "",
            List.of(
                seq("branch0", conv(64, 1), conv(96, 3)),
                seq("branch1", conv(64, 1), same(64, 1, 7), same(64, 7, 1), conv(96, 3)))));
    blocks.add(
        new Block(
            "features.5",
            "",
            List.of(seq("conv", conv(192, 3).stride(2)), seq("maxpool", max3s2()))));
    for (int i = 6; i <= 9; i++) {
      blocks.add(v4A("features." + i));
    }
    // Reduction_A (Mixed_6a)
    blocks.add(
        new Block(
            "features.10",
            "",
            List.of(
                seq("branch0", conv(384, 3).stride(2)),
                seq("branch1", conv(192, 1), conv(224, 3).pad(1), conv(256, 3).stride(2)),
                seq("branch2", max3s2()))));
    for (int i = 11; i <= 17; i++) {
      blocks.add(v4B("features." + i));
    }
    // Reduction_B (Mixed_7a)
    blocks.add(
        new Block(
            "features.18",
            "",
            List.of(
                seq("branch0", conv(192, 1), conv(192, 3).stride(2)),
                seq(
                    "branch1",
                    conv(256, 1),
                    same(256, 1, 7),
                    same(320, 7, 1),
                    conv(320, 3).stride(2)),
                seq("branch2", max3s2()))));
    for (int i = 19; i <= 21; i++) {
      blocks.add(v4C("features." + i));
    }
    return List.copyOf(blocks);
  }

  static ModelGraph inceptionV4(int h, int w) {
    var g = new GraphBuilder("inception_v4", Shape.chw(3, h, w));
    ConvUnit u = ConvUnit.BASIC;
    Tensor x = u.apply(g, "", "features.0", g.input(), conv(32, 3).stride(2));
    x = u.apply(g, "", "features.1", x, conv(32, 3));
    x = u.apply(g, "", "features.2", x, conv(64, 3).pad(1));
    x = blocks(g, u, x, inceptionV4Blocks());
    return g.build(classifier(g, x, "avg_pool", AvgPool2d.of(8, 8).excludePad(), "last_linear"));
  }

  // ---------------------------------------------------------------------------------------------
  // Inception-ResNet-v2 (Cadene inceptionresnetv2.py)

  /** Branches of Block35 (35x35, 320 channels). */
  private static final List<List<Step>> BLOCK35 =
      List.of(
          seq("branch0", conv(32, 1)),
          seq("branch1", conv(32, 1), conv(32, 3).pad(1)),
          seq("branch2", conv(32, 1), conv(48, 3).pad(1), conv(64, 3).pad(1)));

  /** Branches of Block17 (17x17, 1088 channels). */
  private static final List<List<Step>> BLOCK17 =
      List.of(
          seq("branch0", conv(192, 1)),
          seq("branch1", conv(128, 1), same(160, 1, 7), same(192, 7, 1)));

  /** Branches of Block8 (8x8, 2080 channels). */
  private static final List<List<Step>> BLOCK8 =
      List.of(
          seq("branch0", conv(192, 1)),
          seq("branch1", conv(192, 1), same(224, 1, 3), same(256, 3, 1)));

  /**
   * A residual Inception block: the branches, concatenated, projected back to the input's channels
   * by a 1x1 convolution with bias ({@code conv2d}), added to the input, then a ReLU unless {@code
   * relu} is false. The reference scales the projection by a constant before the addition; that
   * scale is folded into the projection's weights (see the class comment).
   */
  private static Tensor residual(
      GraphBuilder g, String name, Tensor x, List<List<Step>> branches, boolean relu) {
    Tensor y = new Fork("cat", branches).build(g, ConvUnit.BASIC, name, x);
    y = g.conv(name + ".conv2d", y, Conv2d.of(x.channels(), 1));
    y = g.add(name + ".add", y, x);
    return relu ? g.relu(name + ".relu", y) : y;
  }

  static ModelGraph inceptionResnetV2(int h, int w) {
    var g = new GraphBuilder("inception_resnet_v2", Shape.chw(3, h, w));
    ConvUnit u = ConvUnit.BASIC;
    Tensor x =
        v3Stem(
            g,
            u,
            "conv2d_1a",
            "conv2d_2a",
            "conv2d_2b",
            "maxpool_3a",
            "conv2d_3b",
            "conv2d_4a",
            "maxpool_5a");
    x =
        new Block(
                "mixed_5b",
                "",
                List.of(
                    seq("branch0", conv(96, 1)),
                    seq("branch1", conv(48, 1), conv(64, 5).pad(2)),
                    seq("branch2", conv(64, 1), conv(96, 3).pad(1), conv(96, 3).pad(1)),
                    seq("branch3", avg3(false), conv(64, 1))))
            .build(g, u, x);
    for (int i = 0; i < 10; i++) {
      x = residual(g, "repeat." + i, x, BLOCK35, true);
    }
    x =
        new Block(
                "mixed_6a",
                "",
                List.of(
                    seq("branch0", conv(384, 3).stride(2)),
                    seq("branch1", conv(256, 1), conv(256, 3).pad(1), conv(384, 3).stride(2)),
                    seq("branch2", max3s2())))
            .build(g, u, x);
    for (int i = 0; i < 20; i++) {
      x = residual(g, "repeat_1." + i, x, BLOCK17, true);
    }
    x =
        new Block(
                "mixed_7a",
                "",
                List.of(
                    seq("branch0", conv(256, 1), conv(384, 3).stride(2)),
                    seq("branch1", conv(256, 1), conv(288, 3).stride(2)),
                    seq("branch2", conv(256, 1), conv(288, 3).pad(1), conv(320, 3).stride(2)),
                    seq("branch3", max3s2())))
            .build(g, u, x);
    for (int i = 0; i < 9; i++) {
      x = residual(g, "repeat_2." + i, x, BLOCK8, true);
    }
    x = residual(g, "block8", x, BLOCK8, false);
    x = u.apply(g, "", "conv2d_7b", x, conv(1536, 1));
    return g.build(classifier(g, x, "avgpool_1a", AvgPool2d.of(8, 8).excludePad(), "last_linear"));
  }
}
