package org.dnnbench.graph;

import java.util.List;

/**
 * Layer normalization over the last {@code axes} per-sample axes ({@code nn.LayerNorm} with a
 * {@code normalized_shape} of that many dimensions; ONNX {@code LayerNormalization}), with or
 * without a learned scale and shift of that shape (counted as parameters). ConvNeXt's
 * channels-first norm is a {@link Transpose} to channels-last around it, as torchvision writes it.
 * Counts no MACs.
 *
 * @param axes how many trailing axes are normalized together, at least 1
 * @param eps the variance epsilon
 * @param affine whether a scale and a shift are learned
 */
public record LayerNorm(int axes, double eps, boolean affine) implements Op {
  public LayerNorm {
    Op.positive("normalized axes", axes);
    if (!(eps > 0)) {
      throw new IllegalArgumentException("eps must be > 0, got " + eps);
    }
  }

  /** Over the last axis, PyTorch's default epsilon 1e-5, with scale and shift. */
  public static LayerNorm lastAxis(double eps) {
    return new LayerNorm(1, eps, true);
  }

  @Override
  public String type() {
    return "LayerNorm";
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    if (axes > in.rank()) {
      throw new IllegalArgumentException(
          "LayerNorm over " + axes + " axes needs a sample of rank >= " + axes + ", got " + in);
    }
    return in;
  }

  /** Elements of the normalized (trailing) shape. */
  public long normalizedElements(Shape in) {
    return Axes.product(in, in.rank() - axes, in.rank());
  }

  @Override
  public long params(List<Shape> inputs) {
    return affine ? 2 * normalizedElements(inputs.get(0)) : 0;
  }

  @Override
  public String describe() {
    return (axes == 1 ? "" : "last " + axes + " axes ")
        + "eps "
        + eps
        + (affine ? "" : " no affine");
  }
}
