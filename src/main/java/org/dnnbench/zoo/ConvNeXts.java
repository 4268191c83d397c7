package org.dnnbench.zoo;

import java.util.List;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.Constant;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * ConvNeXt: Liu et al., "A ConvNet for the 2020s", CVPR 2022 (arXiv:2201.03545), as torchvision
 * 0.14 {@code models/convnext.py} defines it: a 4 x 4 / 4 patchify stem with a channels-first layer
 * norm, four stages of {@code CNBlock}s (7 x 7 depthwise convolution, layer norm, an inverted MLP
 * 4x wide with GELU, a learned per-channel layer scale, a residual add) separated by a layer norm
 * and a 2 x 2 / 2 convolution, then a global average pool, a layer norm and the classifier. Every
 * layer norm has eps 1e-6; every convolution and linear layer a bias. Stochastic depth is the
 * identity at inference. 224 x 224 input (IMAGENET1K_V1: resize 232/236/230/232, crop 224).
 *
 * <p>Node names follow the reference modules ({@code features.3.4.block.3}).
 */
final class ConvNeXts {
  private ConvNeXts() {}

  private static final double EPS = 1e-6;

  static void registerAll(ZooRegistry registry) {
    for (var e : List.of("tiny", "small", "base", "large")) {
      registry.register("convnext_" + e, (h, w) -> convnext("convnext_" + e, spec(e), h, w));
    }
  }

  /**
   * A variant: channels and blocks of each of the four stages (torchvision's {@code
   * CNBlockConfig}s; Liu et al. 2022, Sec. 2.6).
   */
  record Spec(List<Integer> channels, List<Integer> depths) {
    Spec {
      channels = List.copyOf(channels);
      depths = List.copyOf(depths);
      if (channels.size() != 4 || depths.size() != 4) {
        throw new IllegalArgumentException(
            "ConvNeXt has 4 stages, got " + channels + ", " + depths);
      }
    }
  }

  static Spec spec(String size) {
    return switch (size) {
      case "tiny" -> new Spec(List.of(96, 192, 384, 768), List.of(3, 3, 9, 3));
      case "small" -> new Spec(List.of(96, 192, 384, 768), List.of(3, 3, 27, 3));
      case "base" -> new Spec(List.of(128, 256, 512, 1024), List.of(3, 3, 27, 3));
      case "large" -> new Spec(List.of(192, 384, 768, 1536), List.of(3, 3, 27, 3));
      default ->
          throw new IllegalArgumentException(
              "unknown ConvNeXt size '" + size + "'; valid: tiny, small, base, large");
    };
  }

  /**
   * torchvision's {@code CNBlock}: 7 x 7 depthwise conv, permute to channels last, layer norm,
   * Linear 4C, GELU, Linear C, permute back, times the layer scale, plus the input.
   */
  static Tensor block(GraphBuilder g, String name, Tensor x) {
    int dim = x.shape().channels();
    String b = name + ".block";
    Tensor y = g.conv(b + ".0", x, Conv2d.of(dim, 7).pad(3).groups(dim));
    y = g.transpose(b + ".1", y, 1, 2, 0);
    y = g.layerNorm(b + ".2", y, EPS);
    y = TransformerBlocks.mlp(g, b, y, 4 * dim, Activation.GELU, 3, 4, 5);
    y = g.transpose(b + ".6", y, 2, 0, 1);
    Tensor scale = g.apply(name + ".layer_scale", Constant.parameter(Shape.of(dim, 1, 1), 1e-6));
    return g.add(name + ".add", g.mul(name + ".scale", y, scale), x);
  }

  static ModelGraph convnext(String id, Spec s, int h, int w) {
    var g = new GraphBuilder(id, Shape.chw(3, h, w));
    List<Integer> ch = s.channels();
    Tensor x = g.conv("features.0.0", g.input(), Conv2d.of(ch.get(0), 4).stride(4));
    x = TransformerBlocks.layerNorm2d(g, "features.0.1", x, EPS);
    int index = 1;
    for (int stage = 0; stage < 4; stage++) {
      for (int i = 0; i < s.depths().get(stage); i++) {
        x = block(g, "features." + index + "." + i, x);
      }
      index++;
      if (stage < 3) {
        x = TransformerBlocks.layerNorm2d(g, "features." + index + ".0", x, EPS);
        x = g.conv("features." + index + ".1", x, Conv2d.of(ch.get(stage + 1), 2).stride(2));
        index++;
      }
    }
    x = g.globalAvgPool("avgpool", x);
    x = TransformerBlocks.layerNorm2d(g, "classifier.0", x, EPS);
    x = g.flatten("classifier.1", x);
    return g.build(g.linear("classifier.2", x, 1000));
  }
}
