package org.dnnbench.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Inserts per-sample axes of size 1 at the given positions of the output (as ONNX {@code
 * Unsqueeze}, negative counts from the end of the output); a view, no MACs.
 *
 * @param axes the output positions of the new axes
 */
public record Unsqueeze(List<Integer> axes) implements Op {
  public Unsqueeze {
    axes = List.copyOf(axes);
    if (axes.isEmpty()) {
      throw new IllegalArgumentException("an unsqueeze needs at least one axis");
    }
  }

  /** Inserts axes at {@code axes}. */
  public static Unsqueeze of(int... axes) {
    return new Unsqueeze(java.util.Arrays.stream(axes).boxed().toList());
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    int rank = in.rank() + axes.size();
    List<Integer> at = Axes.normalize(axes, rank, "Unsqueeze");
    var out = new ArrayList<Integer>();
    int next = 0;
    for (int i = 0; i < rank; i++) {
      out.add(at.contains(i) ? 1 : in.dim(next++));
    }
    return new Shape(out);
  }

  @Override
  public boolean aliasesInput() {
    return true;
  }

  @Override
  public String describe() {
    return "axes " + axes;
  }
}
