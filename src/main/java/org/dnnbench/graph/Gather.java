package org.dnnbench.graph;

import java.util.List;

/**
 * Picks constant indices along one per-sample axis (ONNX {@code Gather} with constant indices): one
 * index with {@code dropAxis} takes ViT's class token ({@code 197x768 -> 768}); a list keeps the
 * axis with as many entries (Swin's relative-position bias {@code 169x3 -> 2401x3}). Negative
 * indices count from the end. Copies; counts no MACs.
 *
 * @param axis the per-sample axis
 * @param indices the indices, at least one
 * @param dropAxis whether the axis is removed (a single, scalar index)
 */
public record Gather(int axis, List<Integer> indices, boolean dropAxis) implements Op {
  public Gather {
    indices = List.copyOf(indices);
    if (indices.isEmpty()) {
      throw new IllegalArgumentException("a gather needs at least one index");
    }
    if (dropAxis && indices.size() != 1) {
      throw new IllegalArgumentException("a gather that drops its axis takes one index");
    }
  }

  /** Element {@code index} of {@code axis}, the axis dropped ({@code x[:, 0]}). */
  public static Gather index(int axis, int index) {
    return new Gather(axis, List.of(index), true);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    int a = Axes.normalize(axis, in.rank(), "Gather");
    int size = in.dim(a);
    for (int i : indices) {
      if (i < -size || i >= size) {
        throw new IllegalArgumentException(
            "Gather index " + i + " out of range for axis " + a + " of " + in);
      }
    }
    if (!dropAxis) {
      return in.with(a, indices.size());
    }
    if (in.rank() == 1) {
      throw new IllegalArgumentException("Gather of one element would leave " + in + " no axis");
    }
    var out = new java.util.ArrayList<>(in.dims());
    out.remove(a);
    return new Shape(out);
  }

  @Override
  public String describe() {
    return "axis "
        + axis
        + (dropAxis ? " index " + indices.get(0) : " " + indices.size() + " indices");
  }
}
