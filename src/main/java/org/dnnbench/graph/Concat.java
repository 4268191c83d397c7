package org.dnnbench.graph;

import java.util.List;

/**
 * Concatenation along a per-sample axis (0 = channels), as in Inception and DenseNet.
 *
 * @param axis per-sample axis
 */
public record Concat(int axis) implements Op {
  /** Concatenation along channels. */
  public static final Concat CHANNELS = new Concat(0);

  public Concat {
    Op.nonNegative("axis", axis);
  }

  @Override
  public int maxInputs() {
    return Integer.MAX_VALUE;
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape first = inputs.get(0);
    if (axis >= first.rank()) {
      throw new IllegalArgumentException("axis " + axis + " out of range for " + first);
    }
    int total = 0;
    for (Shape s : inputs) {
      if (s.rank() != first.rank()) {
        throw new IllegalArgumentException("Concat inputs differ in rank: " + inputs);
      }
      for (int i = 0; i < s.rank(); i++) {
        if (i != axis && s.dim(i) != first.dim(i)) {
          throw new IllegalArgumentException(
              "Concat inputs must agree on every axis but " + axis + ": " + inputs);
        }
      }
      total += s.dim(axis);
    }
    return first.with(axis, total);
  }

  @Override
  public String describe() {
    return axis == 0 ? "channels" : "axis " + axis;
  }
}
