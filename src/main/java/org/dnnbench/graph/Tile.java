package org.dnnbench.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Repeats each per-sample axis {@code repeats[i]} times (ONNX {@code Tile} with the batch repeated
 * once). Copies; counts no MACs.
 *
 * @param repeats one count per per-sample axis, each at least 1
 */
public record Tile(List<Integer> repeats) implements Op {
  public Tile {
    repeats = List.copyOf(repeats);
    repeats.forEach(r -> Op.positive("repeat", r));
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    if (in.rank() != repeats.size()) {
      throw new IllegalArgumentException(
          "Tile repeats " + repeats + " need a rank-" + repeats.size() + " sample, got " + in);
    }
    var out = new ArrayList<Integer>();
    for (int i = 0; i < in.rank(); i++) {
      out.add(Axes.toInt((long) in.dim(i) * repeats.get(i), "Tile of " + in));
    }
    return new Shape(out);
  }

  @Override
  public String describe() {
    return "repeats " + repeats;
  }
}
