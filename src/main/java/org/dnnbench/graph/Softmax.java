package org.dnnbench.graph;

import java.util.List;

/**
 * Softmax over one per-sample axis (negative counts from the end; the default is the last), on any
 * rank: class scores {@code 1000} or attention weights {@code 12x197x197}. Counts no MACs.
 *
 * @param axis the per-sample axis
 */
public record Softmax(int axis) implements Op {
  /** Softmax over the last axis. */
  public Softmax() {
    this(-1);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Axes.normalize(axis, inputs.get(0).rank(), "Softmax");
    return inputs.get(0);
  }

  @Override
  public String describe() {
    return axis == -1 ? "" : "axis " + axis;
  }
}
