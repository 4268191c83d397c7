package org.dnnbench.zoo;

import org.dnnbench.graph.Activation;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.Tensor;

/**
 * The building blocks torchvision 0.14's later families share ({@code torchvision/ops/misc.py}):
 * {@code Conv2dNormActivation} and {@code SqueezeExcitation}, with torchvision's module names, so
 * that each family's builder reads like its reference definition.
 */
final class TorchvisionBlocks {
  private TorchvisionBlocks() {}

  /**
   * {@code Conv2dNormActivation}: a {@code k x k} convolution without bias, padding {@code (k - 1)
   * / 2}, batch norm and, unless {@code act} is null, an activation; nodes {@code name.0}, {@code
   * name.1}, {@code name.2}.
   */
  static Tensor convBnAct(
      GraphBuilder g,
      String name,
      Tensor x,
      int out,
      int k,
      int stride,
      int groups,
      Activation act) {
    Conv2d conv = Conv2d.of(out, k).stride(stride).pad((k - 1) / 2).groups(groups).noBias();
    Tensor y = g.bn(name + ".1", g.conv(name + ".0", x, conv));
    return act == null ? y : g.apply(name + ".2", act, y);
  }

  /** {@link #convBnAct} with batch norm's {@code eps}. */
  static Tensor convBnAct(
      GraphBuilder g,
      String name,
      Tensor x,
      int out,
      int k,
      int stride,
      int groups,
      Activation act,
      double eps) {
    Conv2d conv = Conv2d.of(out, k).stride(stride).pad((k - 1) / 2).groups(groups).noBias();
    Tensor y = g.bn(name + ".1", g.conv(name + ".0", x, conv), eps);
    return act == null ? y : g.apply(name + ".2", act, y);
  }

  /**
   * {@code SqueezeExcitation}: global average pool, 1x1 convolution with bias to {@code squeeze}
   * channels ({@code fc1}), {@code act}, 1x1 convolution with bias back ({@code fc2}), {@code
   * gate}, and the input scaled channel-wise by the result.
   */
  static Tensor squeezeExcitation(
      GraphBuilder g, String name, Tensor x, int squeeze, Activation act, Activation gate) {
    int c = x.shape().channels();
    Tensor s = g.globalAvgPool(name + ".avgpool", x);
    s = g.apply(name + ".activation", act, g.conv(name + ".fc1", s, Conv2d.of(squeeze, 1)));
    s = g.apply(name + ".scale_activation", gate, g.conv(name + ".fc2", s, Conv2d.of(c, 1)));
    return g.mul(name + ".scale", x, s);
  }

  /**
   * torchvision's {@code _make_divisible} (from TensorFlow's MobileNet): {@code v} rounded to the
   * nearest multiple of {@code divisor}, at least {@code divisor}, and not below 90% of {@code v}.
   */
  static int makeDivisible(double v, int divisor) {
    int rounded = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
    return rounded < 0.9 * v ? rounded + divisor : rounded;
  }
}
