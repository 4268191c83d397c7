package org.dnnbench.graph;

import java.util.List;

/**
 * Fully connected layer ({@code nn.Linear}) on the last axis of a sample of any rank: a feature
 * vector {@code F -> out} (ONNX {@code Gemm}) or every token of a sequence {@code 197x768 ->
 * 197xout} (ONNX {@code MatMul} and {@code Add}). MACs: {@code in * out} per position, i.e. {@code
 * elements(input) / in * in * out}.
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
    Shape in = inputs.get(0);
    return in.with(in.rank() - 1, outFeatures);
  }

  /** Input features: the last axis. */
  public static int inFeatures(Shape input) {
    return input.dim(input.rank() - 1);
  }

  @Override
  public long params(List<Shape> inputs) {
    return (long) inFeatures(inputs.get(0)) * outFeatures + (bias ? outFeatures : 0);
  }

  @Override
  public long macs(List<Shape> inputs, Shape output) {
    return (long) inFeatures(inputs.get(0)) * output.elements();
  }

  @Override
  public long biasAdds(List<Shape> inputs, Shape output) {
    return bias ? output.elements() : 0;
  }

  @Override
  public String describe() {
    return "-> " + outFeatures + (bias ? "" : " no bias");
  }
}
