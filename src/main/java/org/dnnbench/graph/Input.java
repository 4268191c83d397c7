package org.dnnbench.graph;

import java.util.List;

/**
 * The graph's input: one image (or tensor) per sample.
 *
 * @param shape per-sample shape, e.g. {@code 3x224x224}
 */
public record Input(Shape shape) implements Op {
  @Override
  public int minInputs() {
    return 0;
  }

  @Override
  public int maxInputs() {
    return 0;
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return shape;
  }

  @Override
  public String describe() {
    return shape.toString();
  }
}
