package org.dnnbench.graph;

import java.util.ArrayList;
import java.util.List;

/** Numpy-style broadcasting of per-sample shapes, right-aligned. */
final class Broadcast {
  private Broadcast() {}

  static Shape shape(String op, List<Shape> inputs) {
    int rank = inputs.stream().mapToInt(Shape::rank).max().orElseThrow();
    var out = new ArrayList<Integer>();
    for (int i = 0; i < rank; i++) {
      int d = 1;
      for (Shape s : inputs) {
        int j = i - (rank - s.rank());
        int v = j < 0 ? 1 : s.dim(j);
        if (v != 1 && d != 1 && v != d) {
          throw new IllegalArgumentException(op + " cannot broadcast shapes " + inputs);
        }
        d = Math.max(d, v);
      }
      out.add(d);
    }
    return new Shape(out);
  }
}
