package org.dnnbench.graph;

import java.util.List;

/**
 * Fully connected layer ({@code nn.Linear}, ONNX {@code Gemm}) on a feature vector.
 *
 * @param outFeatures output features
 * @param bias whether a bias vector is added
 */
public record Linear(int outFeatures, boolean bias) implements Op {
  public Linear {
    Op.positive("out features", outFeatures);
  }

  /** A fully connected layer with bias. */
  public static Linear of(int outFeatures) {
    return new Linear(outFeatures, true);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Op.requireRank(inputs.get(0), 1, "Linear (flatten first)");
    return Shape.of(outFeatures);
  }

  @Override
  public long params(List<Shape> inputs) {
    return (long) inputs.get(0).dim(0) * outFeatures + (bias ? outFeatures : 0);
  }

  @Override
  public long macs(List<Shape> inputs, Shape output) {
    return (long) inputs.get(0).dim(0) * outFeatures;
  }

  @Override
  public long biasAdds(List<Shape> inputs, Shape output) {
    return bias ? outFeatures : 0;
  }

  @Override
  public String describe() {
    return "-> " + outFeatures + (bias ? "" : " no bias");
  }
}
