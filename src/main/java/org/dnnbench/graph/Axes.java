package org.dnnbench.graph;

import java.util.ArrayList;
import java.util.List;

/** Per-sample axis arithmetic shared by the ops of any rank: negative axes count from the end. */
final class Axes {
  private Axes() {}

  /** {@code axis} in {@code [0, rank)}, a negative one counted from the end. */
  static int normalize(int axis, int rank, String what) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException(
          what + " axis " + axis + " is out of range for a rank-" + rank + " sample");
    }
    return a;
  }

  /** Every axis normalized, checked for repeats. */
  static List<Integer> normalize(List<Integer> axes, int rank, String what) {
    var out = new ArrayList<Integer>();
    for (int axis : axes) {
      int a = normalize(axis, rank, what);
      if (out.contains(a)) {
        throw new IllegalArgumentException(what + " repeats axis " + axis + " in " + axes);
      }
      out.add(a);
    }
    return out;
  }

  /** The product of {@code dims[from, to)}. */
  static long product(Shape s, int from, int to) {
    long n = 1;
    for (int i = from; i < to; i++) {
      n *= s.dim(i);
    }
    return n;
  }

  static int toInt(long n, String what) {
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(what + " has too many elements: " + n);
    }
    return (int) n;
  }
}
