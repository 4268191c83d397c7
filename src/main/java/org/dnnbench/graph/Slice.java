package org.dnnbench.graph;

import java.util.List;

/**
 * Keeps the range {@code [start, end)} of one per-sample axis (0 = channels, 1 = rows, 2 =
 * columns), as DPN's split of dense and residual channels and NASNet's shifted path need.
 */
public record Slice(int axis, int start, int end) implements Op {
  public Slice {
    Op.nonNegative("axis", axis);
    Op.nonNegative("start", start);
    if (end <= start) {
      throw new IllegalArgumentException("slice end " + end + " must exceed start " + start);
    }
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    if (axis >= in.rank()) {
      throw new IllegalArgumentException("axis " + axis + " out of range for " + in);
    }
    if (end > in.dim(axis)) {
      throw new IllegalArgumentException(
          "slice [" + start + ", " + end + ") exceeds axis " + axis + " of " + in);
    }
    return in.with(axis, end - start);
  }

  @Override
  public String describe() {
    return "axis " + axis + " [" + start + ", " + end + ")";
  }
}
