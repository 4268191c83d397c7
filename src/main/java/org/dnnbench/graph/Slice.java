package org.dnnbench.graph;

import java.util.List;

/**
 * Keeps every {@code step}-th index of the range {@code [start, end)} of one per-sample axis (0 =
 * channels, 1 = rows, 2 = columns of a feature map), as DPN's split of dense and residual channels,
 * NASNet's shifted path and Swin's patch merging ({@code x[:, 0::2, 0::2, :]}) need. A split is one
 * slice per part. Counts no MACs.
 */
public record Slice(int axis, int start, int end, int step) implements Op {
  public Slice {
    Op.nonNegative("axis", axis);
    Op.nonNegative("start", start);
    Op.positive("step", step);
    if (end <= start) {
      throw new IllegalArgumentException("slice end " + end + " must exceed start " + start);
    }
  }

  /** The range {@code [start, end)}, every index. */
  public Slice(int axis, int start, int end) {
    this(axis, start, end, 1);
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
    return in.with(axis, (end - start + step - 1) / step);
  }

  @Override
  public String describe() {
    return "axis " + axis + " [" + start + ", " + end + ")" + (step == 1 ? "" : " step " + step);
  }
}
