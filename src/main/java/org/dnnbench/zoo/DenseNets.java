package org.dnnbench.zoo;

import java.util.ArrayList;
import java.util.List;
import org.dnnbench.graph.AvgPool2d;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * DenseNet-BC: Huang, Liu, van der Maaten, Weinberger, "Densely Connected Convolutional Networks",
 * CVPR 2017, as torchvision 0.14 {@code models/densenet.py} defines it: a 7 x 7/2 stem with max
 * pool, four dense blocks of BN-ReLU-conv1x1 (bn_size 4 x growth) then BN-ReLU-conv3x3 (growth)
 * layers, each taking the concatenation of all earlier features of its block, transitions that
 * halve the channels with a 1 x 1 convolution and a 2 x 2 average pool, a final BN-ReLU, global
 * average pooling and a fully connected layer with bias. Convolutions have no bias; batch norm eps
 * 1e-5.
 *
 * <p>Variants (parameters): densenet121 (7,978,856), densenet161 (28,681,000), densenet169
 * (14,149,480), densenet201 (20,013,928).
 */
final class DenseNets {
  private DenseNets() {}

  /**
   * A DenseNet variant, torchvision's constructor arguments.
   *
   * @param growthRate channels each dense layer adds ({@code growth_rate})
   * @param blockConfig layers per dense block ({@code block_config})
   * @param initFeatures channels of the stem convolution ({@code num_init_features})
   * @param bnSize bottleneck width factor of the 1 x 1 convolution ({@code bn_size})
   */
  record DenseNetSpec(int growthRate, List<Integer> blockConfig, int initFeatures, int bnSize) {
    DenseNetSpec {
      blockConfig = List.copyOf(blockConfig);
      if (growthRate <= 0 || initFeatures <= 0 || bnSize <= 0 || blockConfig.isEmpty()) {
        throw new IllegalArgumentException(
            "growth "
                + growthRate
                + ", init features "
                + initFeatures
                + ", bn_size "
                + bnSize
                + " must be > 0 and block config "
                + blockConfig
                + " non-empty");
      }
    }
  }

  /** Variant id -> spec, as torchvision's {@code densenet121} ... {@code densenet201}. */
  static DenseNetSpec spec(String id) {
    return switch (id) {
      case "densenet121" -> new DenseNetSpec(32, List.of(6, 12, 24, 16), 64, 4);
      case "densenet161" -> new DenseNetSpec(48, List.of(6, 12, 36, 24), 96, 4);
      case "densenet169" -> new DenseNetSpec(32, List.of(6, 12, 32, 32), 64, 4);
      case "densenet201" -> new DenseNetSpec(32, List.of(6, 12, 48, 32), 64, 4);
      default ->
          throw new IllegalArgumentException(
              "unknown DenseNet '"
                  + id
                  + "'; valid: densenet121, densenet161, densenet169, densenet201");
    };
  }

  static void registerAll(ZooRegistry registry) {
    for (String id : List.of("densenet121", "densenet161", "densenet169", "densenet201")) {
      DenseNetSpec spec = spec(id);
      registry.register(id, (h, w) -> densenet(id, spec, h, w));
    }
  }

  /** Concatenation of a block's features so far (the tensor itself when there is only one). */
  private static Tensor cat(GraphBuilder g, String name, List<Tensor> features) {
    return features.size() == 1 ? features.get(0) : g.concat(name, features);
  }

  /**
   * torchvision's {@code _DenseLayer}: BN-ReLU-conv1x1 to bn_size x growth, BN-ReLU-conv3x3 to
   * growth.
   */
  private static Tensor denseLayer(
      GraphBuilder g, String name, List<Tensor> features, DenseNetSpec s) {
    Tensor x = cat(g, name + ".cat", features);
    x = g.relu(name + ".relu1", g.bn(name + ".norm1", x));
    x = g.conv(name + ".conv1", x, Conv2d.of(s.bnSize() * s.growthRate(), 1).noBias());
    x = g.relu(name + ".relu2", g.bn(name + ".norm2", x));
    return g.conv(name + ".conv2", x, Conv2d.of(s.growthRate(), 3).pad(1).noBias());
  }

  /**
   * torchvision's {@code _DenseBlock}: every layer sees all earlier features; output is all of
   * them.
   */
  private static Tensor denseBlock(
      GraphBuilder g, String name, Tensor x, int layers, DenseNetSpec s) {
    var features = new ArrayList<Tensor>();
    features.add(x);
    for (int i = 1; i <= layers; i++) {
      features.add(denseLayer(g, name + ".denselayer" + i, features, s));
    }
    return g.concat(name + ".cat", features);
  }

  /**
   * torchvision's {@code _Transition}: BN-ReLU-conv1x1 to half the channels, 2 x 2 average pool.
   */
  private static Tensor transition(GraphBuilder g, String name, Tensor x) {
    x = g.relu(name + ".relu", g.bn(name + ".norm", x));
    x = g.conv(name + ".conv", x, Conv2d.of(x.shape().channels() / 2, 1).noBias());
    return g.avgPool(name + ".pool", x, AvgPool2d.of(2, 2));
  }

  static ModelGraph densenet(String id, DenseNetSpec s, int h, int w) {
    var g = new GraphBuilder(id, Shape.chw(3, h, w));
    Tensor x =
        g.conv(
            "features.conv0", g.input(), Conv2d.of(s.initFeatures(), 7).stride(2).pad(3).noBias());
    x = g.relu("features.relu0", g.bn("features.norm0", x));
    x = g.maxPool("features.pool0", x, MaxPool2d.of(3, 2).pad(1));
    List<Integer> blocks = s.blockConfig();
    for (int b = 0; b < blocks.size(); b++) {
      x = denseBlock(g, "features.denseblock" + (b + 1), x, blocks.get(b), s);
      if (b != blocks.size() - 1) {
        x = transition(g, "features.transition" + (b + 1), x);
      }
    }
    x = g.bn("features.norm5", x);
    x = g.relu("relu", x);
    x = g.flatten("flatten", g.globalAvgPool("adaptive_avg_pool2d", x));
    return g.build(g.linear("classifier", x, 1000));
  }
}
