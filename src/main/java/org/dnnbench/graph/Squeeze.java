package org.dnnbench.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Drops per-sample axes of size 1 (negative counts from the end); a view, no MACs. A sample keeps
 * rank at least 1.
 *
 * @param axes the axes to drop, each of size 1
 */
public record Squeeze(List<Integer> axes) implements Op {
  public Squeeze {
    axes = List.copyOf(axes);
    if (axes.isEmpty()) {
      throw new IllegalArgumentException("a squeeze needs at least one axis");
    }
  }

  /** Drops {@code axes}. */
  public static Squeeze of(int... axes) {
    return new Squeeze(java.util.Arrays.stream(axes).boxed().toList());
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    List<Integer> drop = Axes.normalize(axes, in.rank(), "Squeeze");
    var out = new ArrayList<Integer>();
    for (int i = 0; i < in.rank(); i++) {
      if (drop.contains(i)) {
        if (in.dim(i) != 1) {
          throw new IllegalArgumentException(
              "Squeeze of axis " + i + " of " + in + ", which is not 1");
        }
      } else {
        out.add(in.dim(i));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("Squeeze would leave " + in + " with no axis");
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
