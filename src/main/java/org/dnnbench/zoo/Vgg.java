package org.dnnbench.zoo;

import java.util.List;
import org.dnnbench.graph.AdaptiveAvgPool2d;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * VGG: Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image Recognition",
 * ICLR 2015, configurations A (11 layers), B (13), D (16) and E (19), each plain or with batch
 * normalisation after every convolution, as torchvision 0.14 {@code models/vgg.py} defines them:
 * five stages of 3x3 convolutions (padding 1, with bias, also before batch norm) to 64, 128, 256,
 * 512, 512 channels, each stage closed by a 2x2/2 max pool; {@code AdaptiveAvgPool2d(7, 7)}; a
 * classifier of Linear(25088, 4096), ReLU, Dropout(0.5), Linear(4096, 4096), ReLU, Dropout(0.5),
 * Linear(4096, 1000). VGG-16 has 138,357,544 parameters.
 *
 * <p>Node names are torchvision's module names ({@code features.0}, {@code classifier.6}).
 */
final class Vgg {
  private Vgg() {}

  /** Output channels of the five stages (the paper's Table 1). */
  private static final List<Integer> STAGE_CHANNELS = List.of(64, 128, 256, 512, 512);

  private static final int FEATURES = 4096;
  private static final double DROPOUT = 0.5;

  /**
   * One configuration of the paper's Table 1.
   *
   * @param depth weight layers (convolutions plus the three fully connected ones)
   * @param convsPerStage 3x3 convolutions in each of the five stages
   */
  record VggSpec(int depth, List<Integer> convsPerStage) {
    VggSpec {
      convsPerStage = List.copyOf(convsPerStage);
      if (convsPerStage.size() != STAGE_CHANNELS.size()) {
        throw new IllegalArgumentException(
            "VGG has " + STAGE_CHANNELS.size() + " stages, got " + convsPerStage);
      }
      int layers = convsPerStage.stream().mapToInt(Integer::intValue).sum() + 3;
      if (layers != depth) {
        throw new IllegalArgumentException(
            "VGG-" + depth + " needs " + (depth - 3) + " convolutions, got " + convsPerStage);
      }
    }
  }

  /** Valid depths, in the order of the paper's configurations A, B, D, E. */
  static final List<Integer> DEPTHS = List.of(11, 13, 16, 19);

  /** The configuration of VGG-{@code depth}, or an error listing the valid depths. */
  static VggSpec spec(int depth) {
    return switch (depth) {
      case 11 -> new VggSpec(11, List.of(1, 1, 2, 2, 2)); // A
      case 13 -> new VggSpec(13, List.of(2, 2, 2, 2, 2)); // B
      case 16 -> new VggSpec(16, List.of(2, 2, 3, 3, 3)); // D
      case 19 -> new VggSpec(19, List.of(2, 2, 4, 4, 4)); // E
      default ->
          throw new IllegalArgumentException(
              "no VGG of depth " + depth + "; valid depths: " + DEPTHS);
    };
  }

  static void registerAll(ZooRegistry registry) {
    for (int depth : DEPTHS) {
      registry.register("vgg" + depth, (h, w) -> vgg(depth, false, h, w));
      registry.register("vgg" + depth + "_bn", (h, w) -> vgg(depth, true, h, w));
    }
  }

  /** VGG-{@code depth} at 224x224, with batch norm after each convolution if {@code batchNorm}. */
  static ModelGraph vgg(int depth, boolean batchNorm, int h, int w) {
    VggSpec spec = spec(depth);
    var g = new GraphBuilder("vgg" + depth + (batchNorm ? "_bn" : ""), Shape.chw(3, h, w));
    Tensor x = g.input();
    int index = 0; // position in torchvision's features Sequential
    for (int stage = 0; stage < STAGE_CHANNELS.size(); stage++) {
      for (int i = 0; i < spec.convsPerStage().get(stage); i++) {
        Layer l = convLayer(g, x, index, STAGE_CHANNELS.get(stage), batchNorm);
        x = l.out();
        index = l.nextIndex();
      }
      x = g.maxPool("features." + index++, x, MaxPool2d.of(2, 2));
    }
    x = g.apply("avgpool", new AdaptiveAvgPool2d(7, 7), x);
    x = g.flatten("flatten", x);
    x = g.relu("classifier.1", g.linear("classifier.0", x, FEATURES));
    x = g.dropout("classifier.2", x, DROPOUT);
    x = g.relu("classifier.4", g.linear("classifier.3", x, FEATURES));
    x = g.dropout("classifier.5", x, DROPOUT);
    return g.build(g.linear("classifier.6", x, 1000));
  }

  /** A layer's output and the index of the next module in the features Sequential. */
  private record Layer(Tensor out, int nextIndex) {}

  /** 3x3 convolution (with bias), optional batch norm, ReLU, named from {@code features.index}. */
  private static Layer convLayer(
      GraphBuilder g, Tensor x, int index, int channels, boolean batchNorm) {
    int i = index;
    Tensor y = g.conv("features." + i++, x, Conv2d.of(channels, 3).pad(1));
    if (batchNorm) {
      y = g.bn("features." + i++, y);
    }
    y = g.relu("features." + i++, y);
    return new Layer(y, i);
  }
}
