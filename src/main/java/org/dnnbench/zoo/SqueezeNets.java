package org.dnnbench.zoo;

import java.util.List;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * SqueezeNet: Iandola, Han, Moskewicz, Ashraf, Dally, Keutzer, "SqueezeNet: AlexNet-level accuracy
 * with 50x fewer parameters and &lt;0.5MB model size", arXiv:1602.07360 (2016); v1.0 as in the
 * paper, v1.1 from the authors' repository (3x3/2 stem to 64 channels, pools moved earlier, about
 * 2.4x fewer MACs). Both as torchvision 0.14 {@code models/squeezenet.py} defines them: Fire
 * modules (1x1 squeeze, then 1x1 and 3x3 expands concatenated, all with bias and ReLU), 3x3/2 max
 * pools in ceil mode, and a classifier of Dropout(0.5), a 1x1 convolution to 1000 channels, ReLU,
 * global average pool and flatten. 1,248,424 (v1.0) and 1,235,496 (v1.1) parameters.
 *
 * <p>Node names are torchvision's module names ({@code features.3.expand3x3}, {@code
 * classifier.1}).
 */
final class SqueezeNets {
  private SqueezeNets() {}

  /**
   * A Fire module's widths.
   *
   * @param squeeze channels of the 1x1 squeeze convolution
   * @param expand1x1 channels of the 1x1 expand convolution
   * @param expand3x3 channels of the 3x3 expand convolution
   */
  record Fire(int squeeze, int expand1x1, int expand3x3) {
    Fire {
      if (squeeze < 1 || expand1x1 < 1 || expand3x3 < 1) {
        throw new IllegalArgumentException(
            "Fire widths must be positive: " + squeeze + ", " + expand1x1 + ", " + expand3x3);
      }
    }
  }

  /** An element of the features Sequential: a Fire module or a max pool. */
  sealed interface Layer permits FireLayer, Pool {}

  /** A Fire module in the features Sequential. */
  record FireLayer(Fire fire) implements Layer {}

  /** A 3x3/2 ceil-mode max pool in the features Sequential. */
  record Pool() implements Layer {}

  private static final Pool POOL = new Pool();

  private static FireLayer fire(int squeeze, int expand) {
    return new FireLayer(new Fire(squeeze, expand, expand));
  }

  /**
   * One version's stem and features.
   *
   * @param stem the first convolution (3 input channels), followed by ReLU and a pool
   * @param layers the rest of the features Sequential after that pool
   */
  record SqueezeNetSpec(Conv2d stem, List<Layer> layers) {
    SqueezeNetSpec {
      layers = List.copyOf(layers);
    }
  }

  /** Valid versions. */
  static final List<String> VERSIONS = List.of("1_0", "1_1");

  /** The definition of version {@code v}, or an error listing the valid versions. */
  static SqueezeNetSpec spec(String version) {
    return switch (version) {
      case "1_0" ->
          new SqueezeNetSpec(
              Conv2d.of(96, 7).stride(2),
              List.of(
                  fire(16, 64),
                  fire(16, 64),
                  fire(32, 128),
                  POOL,
                  fire(32, 128),
                  fire(48, 192),
                  fire(48, 192),
                  fire(64, 256),
                  POOL,
                  fire(64, 256)));
      case "1_1" ->
          new SqueezeNetSpec(
              Conv2d.of(64, 3).stride(2),
              List.of(
                  fire(16, 64),
                  fire(16, 64),
                  POOL,
                  fire(32, 128),
                  fire(32, 128),
                  POOL,
                  fire(48, 192),
                  fire(48, 192),
                  fire(64, 256),
                  fire(64, 256)));
      default ->
          throw new IllegalArgumentException(
              "no SqueezeNet version '" + version + "'; valid versions: " + VERSIONS);
    };
  }

  static void registerAll(ZooRegistry registry) {
    for (String v : VERSIONS) {
      registry.register("squeezenet" + v, (h, w) -> squeezenet(v, h, w));
    }
  }

  private static final MaxPool2d POOL_3X3_S2_CEIL = MaxPool2d.of(3, 2).ceil();

  /** SqueezeNet version {@code v} ("1_0" or "1_1") at 224x224. */
  static ModelGraph squeezenet(String version, int h, int w) {
    SqueezeNetSpec spec = spec(version);
    var g = new GraphBuilder("squeezenet" + version, Shape.chw(3, h, w));
    Tensor x = g.relu("features.1", g.conv("features.0", g.input(), spec.stem()));
    x = g.maxPool("features.2", x, POOL_3X3_S2_CEIL);
    int index = 3;
    for (Layer layer : spec.layers()) {
      String name = "features." + index++;
      if (layer instanceof FireLayer f) {
        x = fireModule(g, name, x, f.fire());
      } else {
        x = g.maxPool(name, x, POOL_3X3_S2_CEIL);
      }
    }
    x = g.dropout("classifier.0", x, 0.5);
    x = g.relu("classifier.2", g.conv("classifier.1", x, Conv2d.of(1000, 1)));
    x = g.globalAvgPool("classifier.3", x);
    return g.build(g.flatten("flatten", x));
  }

  /** Fire module: squeeze 1x1 + ReLU, then concat(expand 1x1 + ReLU, expand 3x3 + ReLU). */
  static Tensor fireModule(GraphBuilder g, String name, Tensor x, Fire fire) {
    Tensor s =
        g.relu(
            name + ".squeeze_activation",
            g.conv(name + ".squeeze", x, Conv2d.of(fire.squeeze(), 1)));
    Tensor e1 =
        g.relu(
            name + ".expand1x1_activation",
            g.conv(name + ".expand1x1", s, Conv2d.of(fire.expand1x1(), 1)));
    Tensor e3 =
        g.relu(
            name + ".expand3x3_activation",
            g.conv(name + ".expand3x3", s, Conv2d.of(fire.expand3x3(), 3).pad(1)));
    return g.concat(name + ".cat", e1, e3);
  }
}
