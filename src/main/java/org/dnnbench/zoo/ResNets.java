package org.dnnbench.zoo;

import java.util.List;
import java.util.OptionalDouble;
import org.dnnbench.graph.AdaptiveAvgPool2d;
import org.dnnbench.graph.AvgPool2d;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * The residual family, all built by one stage/block builder from a {@link ResNetSpec} table:
 *
 * <ul>
 *   <li>ResNet-18/34/50/101/152: He, Zhang, Ren, Sun, "Deep Residual Learning for Image
 *       Recognition", CVPR 2016, as torchvision 0.14 {@code models/resnet.py} defines them (the
 *       "v1.5" bottleneck, with the stride on its 3x3 convolution; 1x1 projection shortcuts).
 *   <li>ResNeXt-101 32x4d and 64x4d: Xie, Girshick, Dollár, Tu, He, "Aggregated Residual
 *       Transformations for Deep Neural Networks", CVPR 2017, as the study ran them: the
 *       Cadene/pretrained-models.pytorch port ({@code pretrainedmodels/models/resnext.py} and
 *       {@code resnext_features/resnext101_*_features.py}, converted from the authors' Torch
 *       models): a torchvision stem, grouped 3x3 convolutions of width groups x 4 x 2^stage
 *       carrying the stride, and a head of AvgPool2d(7, 1) and {@code last_linear}.
 *   <li>ResNeXt-50 32x4d and ResNeXt-101 32x8d (the same paper) and Wide ResNet-50-2 and -101-2
 *       (Zagoruyko, Komodakis, "Wide Residual Networks", BMVC 2016, in torchvision's bottleneck
 *       form: the 3x3 convolution twice as wide) as torchvision 0.14 {@code models/resnet.py}
 *       defines them: its ResNet-50/101 with {@code groups} and {@code width_per_group}. (The
 *       study's ResNeXt-101 64x4d port is torchvision's {@code resnext101_64x4d} too: same
 *       parameters and MACs.)
 *   <li>SE-ResNet-50/101/152, SE-ResNeXt-50/101 (32x4d) and SENet-154: Hu, Shen, Sun,
 *       "Squeeze-and-Excitation Networks", CVPR 2018, as Cadene's {@code
 *       pretrainedmodels/models/senet.py} defines them (a port of the authors' Caffe models):
 *       squeeze-and-excitation on each block's residual branch before the addition, with 1x1
 *       convolutions with bias as its two fully connected layers and reduction 16; a 7x7 stem whose
 *       max pool uses ceil mode instead of padding; SE-ResNet blocks put the stride on the first
 *       1x1 convolution (Caffe style), SE-ResNeXt and SENet-154 blocks on the 3x3 one. SENet-154
 *       has a stem of three 3x3 convolutions (64, 64, 128 channels), 64 groups, a first 1x1
 *       convolution of half the grouped width, 3x3 (padding 1) projection shortcuts in stages 2-4
 *       and dropout 0.2 before the classifier.
 * </ul>
 *
 * <p>Node names mirror the reference's module names: torchvision's {@code conv1}, {@code
 * layer3.0.conv1}, {@code layer3.0.downsample.0}, {@code fc}; Cadene SENet's {@code layer0.conv1},
 * {@code layer2.0.se_module.fc1}, {@code last_linear}. The Cadene ResNeXt port is an anonymous nest
 * of Sequentials, so its blocks take the torchvision-style names and its head Cadene's. Nodes that
 * are not modules in the reference are named after their role ({@code relu1}, {@code add}, {@code
 * se_module.scale}, {@code flatten}).
 */
final class ResNets {
  private ResNets() {}

  /** Residual block kinds: two 3x3 convolutions, or 1x1 reduce, 3x3, 1x1 expand (by 4). */
  enum Kind {
    BASIC(1),
    BOTTLENECK(4);

    /** Output channels over the stage's base width ("planes"). */
    final int expansion;

    Kind(int expansion) {
      this.expansion = expansion;
    }
  }

  /** Which convolution of a bottleneck carries a stage's stride. */
  enum StrideAt {
    /** The first 1x1 convolution (original ResNet and Caffe SE-ResNet). */
    REDUCE_1X1,
    /** The 3x3 convolution (torchvision "v1.5", ResNeXt, SE-ResNeXt, SENet-154). */
    CONV_3X3
  }

  /** The stem before the first stage. */
  enum Stem {
    /** torchvision: 7x7/2 convolution to 64, BN, ReLU, 3x3/2 max pool with padding 1. */
    TORCHVISION,
    /**
     * Cadene SENet {@code layer0}: 7x7/2 convolution to 64, BN, ReLU, 3x3/2 max pool in ceil mode.
     */
    CAFFE_7X7,
    /**
     * Cadene SENet-154 {@code layer0}: three 3x3 convolutions (64/2, 64, 128), then a ceil-mode
     * pool.
     */
    CAFFE_3X3
  }

  /** The classifier after the last stage. */
  enum Head {
    /** torchvision: {@code avgpool} (adaptive to 1x1), flatten, {@code fc}. */
    TORCHVISION,
    /**
     * Cadene: {@code avg_pool} (7x7, stride 1), optional {@code dropout}, flatten, {@code
     * last_linear}.
     */
    CADENE
  }

  /**
   * How each residual unit is built.
   *
   * @param kind basic or bottleneck
   * @param groups groups of the 3x3 convolution (cardinality)
   * @param widthPerGroup channels per group of the 3x3 convolution in the first stage (64 for plain
   *     ResNets, 4 for the "x4d" ResNeXts); the grouped width is {@code floor(planes *
   *     widthPerGroup / 64) * groups}
   * @param reduceDivisor the first 1x1 convolution has the grouped width divided by this (2 in
   *     SENet-154, otherwise 1)
   * @param strideAt where a bottleneck puts the stride
   * @param seReduction squeeze-and-excitation reduction ratio, 0 for none
   * @param downsampleKernel kernel of the projection shortcut in stages 2-4 (padding kernel/2);
   *     stage 1's projection is always 1x1
   */
  record Unit(
      Kind kind,
      int groups,
      int widthPerGroup,
      int reduceDivisor,
      StrideAt strideAt,
      int seReduction,
      int downsampleKernel) {
    Unit {
      if (groups < 1 || widthPerGroup < 1 || reduceDivisor < 1 || seReduction < 0) {
        throw new IllegalArgumentException(
            "groups, width per group and reduce divisor must be positive and the SE reduction"
                + " non-negative: "
                + groups
                + ", "
                + widthPerGroup
                + ", "
                + reduceDivisor
                + ", "
                + seReduction);
      }
      if (downsampleKernel != 1 && downsampleKernel != 3) {
        throw new IllegalArgumentException(
            "downsample kernel must be 1 or 3, got " + downsampleKernel);
      }
      if (kind == Kind.BASIC
          && (groups != 1 || widthPerGroup != 64 || reduceDivisor != 1 || seReduction != 0)) {
        throw new IllegalArgumentException(
            "the basic block supports only groups 1, width per group 64, no SE (as torchvision): "
                + this);
      }
    }

    /** torchvision's plain blocks. */
    static Unit plain(Kind kind) {
      return new Unit(kind, 1, 64, 1, StrideAt.CONV_3X3, 0, 1);
    }

    /** Channels of the grouped 3x3 convolution in a stage of base width {@code planes}. */
    int width(int planes) {
      return kind == Kind.BASIC ? planes : planes * widthPerGroup / 64 * groups;
    }
  }

  /**
   * One network of the family.
   *
   * @param name the catalog id (also the graph's name)
   * @param blocks residual units in each of the four stages
   * @param unit how the units are built
   * @param stem the stem
   * @param head the classifier
   * @param dropout dropout probability before the classifier, if any
   */
  record ResNetSpec(
      String name, List<Integer> blocks, Unit unit, Stem stem, Head head, OptionalDouble dropout) {
    ResNetSpec {
      blocks = List.copyOf(blocks);
      if (blocks.size() != 4 || blocks.stream().anyMatch(b -> b < 1)) {
        throw new IllegalArgumentException(
            "a ResNet has four stages of at least one block each, got " + blocks);
      }
    }

    /** A torchvision ResNet (no dropout). */
    ResNetSpec(String name, List<Integer> blocks, Kind kind) {
      this(
          name,
          blocks,
          Unit.plain(kind),
          Stem.TORCHVISION,
          Head.TORCHVISION,
          OptionalDouble.empty());
    }
  }

  private static final List<Integer> R50 = List.of(3, 4, 6, 3);
  private static final List<Integer> R101 = List.of(3, 4, 23, 3);
  private static final List<Integer> R152 = List.of(3, 8, 36, 3);

  /** Valid depths of {@link #resnet(int)}. */
  static final List<Integer> RESNET_DEPTHS = List.of(18, 34, 50, 101, 152);

  /** torchvision's ResNet of the given depth, or an error listing the valid depths. */
  static ResNetSpec resnet(int depth) {
    String name = "resnet" + depth;
    return switch (depth) {
      case 18 -> new ResNetSpec(name, List.of(2, 2, 2, 2), Kind.BASIC);
      case 34 -> new ResNetSpec(name, R50, Kind.BASIC);
      case 50 -> new ResNetSpec(name, R50, Kind.BOTTLENECK);
      case 101 -> new ResNetSpec(name, R101, Kind.BOTTLENECK);
      case 152 -> new ResNetSpec(name, R152, Kind.BOTTLENECK);
      default ->
          throw new IllegalArgumentException(
              "no ResNet of depth " + depth + "; valid depths: " + RESNET_DEPTHS);
    };
  }

  /** Cadene's ResNeXt-101 port with {@code groups} x 4d. */
  private static ResNetSpec resnext101(int groups) {
    return new ResNetSpec(
        "resnext101_" + groups + "x4d",
        R101,
        new Unit(Kind.BOTTLENECK, groups, 4, 1, StrideAt.CONV_3X3, 0, 1),
        Stem.TORCHVISION,
        Head.CADENE,
        OptionalDouble.empty());
  }

  /**
   * torchvision's ResNeXt / Wide ResNet: its ResNet with {@code groups} x {@code widthPerGroup}
   * (Wide ResNet-N-2: one group of width 128).
   */
  private static ResNetSpec torchvisionGrouped(
      String name, List<Integer> blocks, int groups, int widthPerGroup) {
    return new ResNetSpec(
        name,
        blocks,
        new Unit(Kind.BOTTLENECK, groups, widthPerGroup, 1, StrideAt.CONV_3X3, 0, 1),
        Stem.TORCHVISION,
        Head.TORCHVISION,
        OptionalDouble.empty());
  }

  private static final int SE_REDUCTION = 16;

  /** Cadene's SE-ResNet: Caffe stride on the first 1x1, 1x1 projections, no dropout. */
  private static ResNetSpec seResnet(int depth, List<Integer> blocks) {
    return new ResNetSpec(
        "se_resnet" + depth,
        blocks,
        new Unit(Kind.BOTTLENECK, 1, 64, 1, StrideAt.REDUCE_1X1, SE_REDUCTION, 1),
        Stem.CAFFE_7X7,
        Head.CADENE,
        OptionalDouble.empty());
  }

  /** Cadene's SE-ResNeXt 32x4d: stride on the 3x3, 1x1 projections, no dropout. */
  private static ResNetSpec seResnext32x4d(int depth, List<Integer> blocks) {
    return new ResNetSpec(
        "se_resnext" + depth + "_32x4d",
        blocks,
        new Unit(Kind.BOTTLENECK, 32, 4, 1, StrideAt.CONV_3X3, SE_REDUCTION, 1),
        Stem.CAFFE_7X7,
        Head.CADENE,
        OptionalDouble.empty());
  }

  /** Cadene's SENet-154. */
  private static ResNetSpec senet154() {
    return new ResNetSpec(
        "senet154",
        R152,
        new Unit(Kind.BOTTLENECK, 64, 4, 2, StrideAt.CONV_3X3, SE_REDUCTION, 3),
        Stem.CAFFE_3X3,
        Head.CADENE,
        OptionalDouble.of(0.2));
  }

  /** Catalog ids of this family. */
  static final List<String> IDS =
      List.of(
          "resnet18",
          "resnet34",
          "resnet50",
          "resnet101",
          "resnet152",
          "resnext101_32x4d",
          "resnext101_64x4d",
          "se_resnet50",
          "se_resnet101",
          "se_resnet152",
          "senet154",
          "se_resnext50_32x4d",
          "se_resnext101_32x4d",
          "resnext50_32x4d",
          "resnext101_32x8d",
          "wide_resnet50_2",
          "wide_resnet101_2");

  /** The spec of catalog model {@code id}, or an error listing this family's ids. */
  static ResNetSpec spec(String id) {
    return switch (id) {
      case "resnet18" -> resnet(18);
      case "resnet34" -> resnet(34);
      case "resnet50" -> resnet(50);
      case "resnet101" -> resnet(101);
      case "resnet152" -> resnet(152);
      case "resnext101_32x4d" -> resnext101(32);
      case "resnext101_64x4d" -> resnext101(64);
      case "se_resnet50" -> seResnet(50, R50);
      case "se_resnet101" -> seResnet(101, R101);
      case "se_resnet152" -> seResnet(152, R152);
      case "senet154" -> senet154();
      case "se_resnext50_32x4d" -> seResnext32x4d(50, R50);
      case "se_resnext101_32x4d" -> seResnext32x4d(101, R101);
      case "resnext50_32x4d" -> torchvisionGrouped(id, R50, 32, 4);
      case "resnext101_32x8d" -> torchvisionGrouped(id, R101, 32, 8);
      case "wide_resnet50_2" -> torchvisionGrouped(id, R50, 1, 128);
      case "wide_resnet101_2" -> torchvisionGrouped(id, R101, 1, 128);
      default ->
          throw new IllegalArgumentException("no residual network '" + id + "'; valid ids: " + IDS);
    };
  }

  static void registerAll(ZooRegistry registry) {
    for (String id : IDS) {
      registry.register(id, (h, w) -> build(spec(id), h, w));
    }
  }

  /** Base widths ("planes") of the four stages. */
  private static final List<Integer> PLANES = List.of(64, 128, 256, 512);

  /** The network of {@code spec} at 224x224. */
  static ModelGraph build(ResNetSpec spec, int h, int w) {
    var g = new GraphBuilder(spec.name(), Shape.chw(3, h, w));
    Tensor x = stem(g, spec.stem(), g.input());
    for (int s = 0; s < PLANES.size(); s++) {
      x =
          stage(
              g,
              "layer" + (s + 1),
              x,
              spec.unit(),
              PLANES.get(s),
              spec.blocks().get(s),
              s == 0 ? 1 : 2,
              s == 0);
    }
    return g.build(head(g, spec, x));
  }

  /** Stem: from the image to stage 1's input (56x56 at 224). */
  static Tensor stem(GraphBuilder g, Stem stem, Tensor x) {
    return switch (stem) {
      case TORCHVISION -> {
        Tensor y =
            g.relu(
                "relu",
                g.bn("bn1", g.conv("conv1", x, Conv2d.of(64, 7).stride(2).pad(3).noBias())));
        yield g.maxPool("maxpool", y, MaxPool2d.of(3, 2).pad(1));
      }
      case CAFFE_7X7 -> {
        Tensor y = convBnRelu(g, "layer0", 1, x, Conv2d.of(64, 7).stride(2).pad(3).noBias());
        yield g.maxPool("layer0.pool", y, MaxPool2d.of(3, 2).ceil());
      }
      case CAFFE_3X3 -> {
        Tensor y = convBnRelu(g, "layer0", 1, x, Conv2d.of(64, 3).stride(2).pad(1).noBias());
        y = convBnRelu(g, "layer0", 2, y, Conv2d.of(64, 3).pad(1).noBias());
        y = convBnRelu(g, "layer0", 3, y, Conv2d.of(128, 3).pad(1).noBias());
        yield g.maxPool("layer0.pool", y, MaxPool2d.of(3, 2).ceil());
      }
    };
  }

  /** {@code prefix.conv<i>}, {@code prefix.bn<i>}, {@code prefix.relu<i>}. */
  private static Tensor convBnRelu(GraphBuilder g, String prefix, int i, Tensor x, Conv2d conv) {
    return g.relu(prefix + ".relu" + i, convBn(g, prefix, i, x, conv));
  }

  /** {@code prefix.conv<i>}, {@code prefix.bn<i>}. */
  private static Tensor convBn(GraphBuilder g, String prefix, int i, Tensor x, Conv2d conv) {
    return g.bn(prefix + ".bn" + i, g.conv(prefix + ".conv" + i, x, conv));
  }

  /**
   * One stage: {@code blocks} units of base width {@code planes}, the first with {@code stride}
   * and, where the stride or the channels change, a projection shortcut.
   */
  static Tensor stage(
      GraphBuilder g,
      String name,
      Tensor x,
      Unit unit,
      int planes,
      int blocks,
      int stride,
      boolean first) {
    int out = planes * unit.kind().expansion;
    Tensor y = x;
    for (int b = 0; b < blocks; b++) {
      int s = b == 0 ? stride : 1;
      boolean project = b == 0 && (s != 1 || y.shape().channels() != out);
      int dsKernel = first ? 1 : unit.downsampleKernel();
      y = block(g, name + "." + b, y, unit, planes, s, project ? dsKernel : 0);
    }
    return y;
  }

  /**
   * One residual unit: {@code relu(branch(x) + shortcut(x))}, where the branch is a basic or
   * bottleneck block, optionally gated by squeeze-and-excitation, and the shortcut is the identity
   * ({@code downsampleKernel == 0}) or a strided convolution + BN projection.
   */
  static Tensor block(
      GraphBuilder g,
      String name,
      Tensor x,
      Unit unit,
      int planes,
      int stride,
      int downsampleKernel) {
    int out = planes * unit.kind().expansion;
    Tensor y =
        switch (unit.kind()) {
          case BASIC -> {
            Tensor t =
                convBnRelu(g, name, 1, x, Conv2d.of(planes, 3).stride(stride).pad(1).noBias());
            yield convBn(g, name, 2, t, Conv2d.of(planes, 3).pad(1).noBias());
          }
          case BOTTLENECK -> {
            int width = unit.width(planes);
            int s1 = unit.strideAt() == StrideAt.REDUCE_1X1 ? stride : 1;
            int s3 = unit.strideAt() == StrideAt.CONV_3X3 ? stride : 1;
            Tensor t =
                convBnRelu(
                    g, name, 1, x, Conv2d.of(width / unit.reduceDivisor(), 1).stride(s1).noBias());
            t =
                convBnRelu(
                    g,
                    name,
                    2,
                    t,
                    Conv2d.of(width, 3).stride(s3).pad(1).groups(unit.groups()).noBias());
            yield convBn(g, name, 3, t, Conv2d.of(out, 1).noBias());
          }
        };
    Tensor shortcut = x;
    if (downsampleKernel > 0) {
      Conv2d proj =
          Conv2d.of(out, downsampleKernel).stride(stride).pad(downsampleKernel / 2).noBias();
      shortcut = g.bn(name + ".downsample.1", g.conv(name + ".downsample.0", x, proj));
    }
    if (unit.seReduction() > 0) {
      y = squeezeExcitation(g, name + ".se_module", y, unit.seReduction());
    }
    return g.relu(name + ".relu", g.add(name + ".add", y, shortcut));
  }

  /**
   * Squeeze-and-excitation (Hu et al. 2018) as Cadene's {@code SEModule}: global average pool, 1x1
   * convolution with bias to C/reduction, ReLU, 1x1 convolution with bias back to C, sigmoid, and
   * the input scaled channel-wise by the result.
   */
  static Tensor squeezeExcitation(GraphBuilder g, String name, Tensor x, int reduction) {
    int c = x.shape().channels();
    Tensor s = g.globalAvgPool(name + ".avg_pool", x);
    s = g.relu(name + ".relu", g.conv(name + ".fc1", s, Conv2d.of(c / reduction, 1)));
    s = g.sigmoid(name + ".sigmoid", g.conv(name + ".fc2", s, Conv2d.of(c, 1)));
    return g.mul(name + ".scale", x, s);
  }

  /** Pooling, optional dropout, flatten, and the 1000-way classifier. */
  static Tensor head(GraphBuilder g, ResNetSpec spec, Tensor x) {
    return switch (spec.head()) {
      case TORCHVISION -> {
        Tensor y = g.apply("avgpool", new AdaptiveAvgPool2d(1, 1), x);
        yield g.linear("fc", g.flatten("flatten", withDropout(g, spec, y)), 1000);
      }
      case CADENE -> {
        Tensor y = g.avgPool("avg_pool", x, AvgPool2d.of(7, 1));
        yield g.linear("last_linear", g.flatten("flatten", withDropout(g, spec, y)), 1000);
      }
    };
  }

  private static Tensor withDropout(GraphBuilder g, ResNetSpec spec, Tensor x) {
    return spec.dropout().isPresent() ? g.dropout("dropout", x, spec.dropout().getAsDouble()) : x;
  }
}
