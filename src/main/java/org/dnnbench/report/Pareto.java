package org.dnnbench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Pareto fronts where both coordinates are better when larger (e.g. images/s and top-1): a point is
 * on the front when no other point is at least as good on both and better on one.
 */
public final class Pareto {
  private Pareto() {}

  /** The points on the front, by x ascending (so by y descending). NaN coordinates are skipped. */
  public static <T> List<T> front(List<T> points, ToDoubleFunction<T> x, ToDoubleFunction<T> y) {
    var sorted = new ArrayList<T>();
    for (T p : points) {
      if (Double.isFinite(x.applyAsDouble(p)) && Double.isFinite(y.applyAsDouble(p))) {
        sorted.add(p);
      }
    }
    // x descending, ties by y descending: a point is on the front when its y beats every faster one
    sorted.sort(
        Comparator.comparingDouble(x)
            .reversed()
            .thenComparing(Comparator.comparingDouble(y).reversed()));
    var front = new ArrayList<T>();
    double bestY = Double.NEGATIVE_INFINITY;
    for (T p : sorted) {
      if (y.applyAsDouble(p) > bestY) {
        front.add(0, p);
        bestY = y.applyAsDouble(p);
      }
    }
    return front;
  }

  /** The first point of {@code points} that dominates {@code p}, or null. */
  public static <T> T dominator(T p, List<T> points, ToDoubleFunction<T> x, ToDoubleFunction<T> y) {
    double px = x.applyAsDouble(p);
    double py = y.applyAsDouble(p);
    T best = null;
    for (T q : points) {
      if (q == p) {
        continue;
      }
      double qx = x.applyAsDouble(q);
      double qy = y.applyAsDouble(q);
      if (qx >= px
          && qy >= py
          && (qx > px || qy > py)
          && (best == null || qy > y.applyAsDouble(best))) {
        best = q;
      }
    }
    return best;
  }
}
