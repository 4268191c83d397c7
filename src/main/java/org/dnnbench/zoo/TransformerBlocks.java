package org.dnnbench.zoo;

import org.dnnbench.graph.Activation;
import org.dnnbench.graph.Concat;
import org.dnnbench.graph.Constant;
import org.dnnbench.graph.Gather;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.Linear;
import org.dnnbench.graph.Slice;
import org.dnnbench.graph.Tensor;

/**
 * The pieces the transformer-era families share (ConvNeXt, ViT, Swin, MaxViT), each a pure function
 * of the builder, a node name and its inputs, as torchvision 0.14 writes them.
 */
final class TransformerBlocks {
  private TransformerBlocks() {}

  /** {@code nn.Linear} on the last axis, with or without bias. */
  static Tensor linear(GraphBuilder g, String name, Tensor x, int out, boolean bias) {
    return g.apply(name, new Linear(out, bias), x);
  }

  /**
   * An MLP with one hidden layer: {@code Linear} to {@code hidden} features, an activation, {@code
   * Linear} back to the input's features (dropout, the identity at inference, left out). Node names
   * are {@code prefix.i} for the three indices given: torchvision's {@code MLP} is {@code 0, 1, 3},
   * ConvNeXt's block {@code 3, 4, 5}.
   */
  static Tensor mlp(
      GraphBuilder g, String prefix, Tensor x, int hidden, Activation act, int... indices) {
    int dim = x.shape().dim(x.shape().rank() - 1);
    Tensor h = linear(g, prefix + "." + indices[0], x, hidden, true);
    h = g.apply(prefix + "." + indices[1], act, h);
    return linear(g, prefix + "." + indices[2], h, dim, true);
  }

  /**
   * ConvNeXt's {@code LayerNorm2d}: a channels-first {@code C x H x W} map is permuted to channels
   * last, normalized over the channels, and permuted back.
   */
  static Tensor layerNorm2d(GraphBuilder g, String name, Tensor x, double eps) {
    Tensor last = g.transpose(name + ".to_last", x, 1, 2, 0);
    return g.transpose(name + ".to_first", g.layerNorm(name, last, eps), 2, 0, 1);
  }

  /**
   * Scaled dot-product attention over heads: {@code softmax(q k^T + bias) v} for {@code q, k, v} of
   * shape {@code ... x heads x N x d}. {@code q} is already scaled; {@code bias} may be null.
   */
  static Tensor attend(GraphBuilder g, String name, Tensor q, Tensor k, Tensor v, Tensor bias) {
    int r = k.shape().rank();
    int[] swapLast = new int[r];
    for (int i = 0; i < r; i++) {
      swapLast[i] = i;
    }
    swapLast[r - 2] = r - 1;
    swapLast[r - 1] = r - 2;
    Tensor scores = g.matmul(name + ".qk", q, g.transpose(name + ".k_t", k, swapLast));
    if (bias != null) {
      scores = g.add(name + ".add_bias", scores, bias);
    }
    return g.matmul(name + ".av", g.softmax(name + ".softmax", scores, -1), v);
  }

  /** Element {@code index} of {@code axis}, the axis dropped: {@code qkv[0]}. */
  static Tensor pick(GraphBuilder g, String name, Tensor x, int axis, int index) {
    return g.apply(name, Gather.index(axis, index), x);
  }

  /** Multiplies by a literal number. */
  static Tensor scale(GraphBuilder g, String name, Tensor x, double factor) {
    return g.mul(name, x, g.apply(name + ".factor", Constant.scalar(factor)));
  }

  /**
   * {@code torch.roll(x, shift, axis)}: the last {@code shift} entries of the axis move to the
   * front (a negative shift moves the first ones to the back), as two slices and a concatenation.
   */
  static Tensor roll(GraphBuilder g, String name, Tensor x, int axis, int shift) {
    int n = x.shape().dim(axis);
    int s = Math.floorMod(-shift, n);
    if (s == 0) {
      return x;
    }
    Tensor head = g.apply(name + ".tail", new Slice(axis, s, n), x);
    Tensor tail = g.apply(name + ".head", new Slice(axis, 0, s), x);
    return g.apply(name, new Concat(axis), head, tail);
  }
}
