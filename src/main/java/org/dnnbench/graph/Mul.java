package org.dnnbench.graph;

import java.util.List;

/**
 * Element-wise product of two tensors with broadcasting, e.g. {@code C x H x W} times a {@code C x
 * 1 x 1} squeeze-and-excitation gate.
 */
public record Mul() implements Op {
  @Override
  public int minInputs() {
    return 2;
  }

  @Override
  public int maxInputs() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return Broadcast.shape("Mul", inputs);
  }

  @Override
  public String describe() {
    return "";
  }
}
