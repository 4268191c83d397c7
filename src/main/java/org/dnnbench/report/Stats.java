package org.dnnbench.report;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** The few statistics the findings need, with their conventions stated. */
public final class Stats {
  private Stats() {}

  /**
   * A least-squares line {@code y = intercept + slope x} and its coefficient of determination
   * {@code R^2 = 1 - SS_res / SS_tot} (NaN when all y are equal).
   */
  public record Fit(double slope, double intercept, double r2, int n) {
    /** The line at {@code x}. */
    public double at(double x) {
      return intercept + slope * x;
    }
  }

  /** Ordinary least squares of y on x; needs at least two distinct x. */
  public static Fit linear(double[] x, double[] y) {
    int n = x.length;
    if (n != y.length || n < 2) {
      throw new IllegalArgumentException("a line needs at least 2 points of (x, y), got " + n);
    }
    double mx = Arrays.stream(x).average().orElseThrow();
    double my = Arrays.stream(y).average().orElseThrow();
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (y[i] - my);
      syy += (y[i] - my) * (y[i] - my);
    }
    if (sxx == 0) {
      throw new IllegalArgumentException("a line needs at least 2 distinct x values");
    }
    double slope = sxy / sxx;
    double intercept = my - slope * mx;
    double ssRes = 0;
    for (int i = 0; i < n; i++) {
      double r = y[i] - (intercept + slope * x[i]);
      ssRes += r * r;
    }
    double r2 = syy == 0 ? Double.NaN : 1 - ssRes / syy;
    return new Fit(slope, intercept, r2, n);
  }

  /** Pearson's correlation coefficient; NaN if either sample is constant. */
  public static double pearson(double[] x, double[] y) {
    int n = x.length;
    double mx = Arrays.stream(x).average().orElse(Double.NaN);
    double my = Arrays.stream(y).average().orElse(Double.NaN);
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
      sxy += (x[i] - mx) * (y[i] - my);
    }
    return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
  }

  /**
   * Spearman's rank correlation: Pearson's correlation of the ranks, ties given their average rank
   * (as scipy.stats.spearmanr does).
   */
  public static double spearman(double[] x, double[] y) {
    if (x.length != y.length || x.length < 2) {
      throw new IllegalArgumentException(
          "a rank correlation needs at least 2 pairs, got " + x.length);
    }
    return pearson(ranks(x), ranks(y));
  }

  /** Ranks 1..n, ties averaged. */
  static double[] ranks(double[] v) {
    Integer[] idx = IntStream.range(0, v.length).boxed().toArray(Integer[]::new);
    Arrays.sort(idx, Comparator.comparingDouble(i -> v[i]));
    double[] r = new double[v.length];
    int i = 0;
    while (i < idx.length) {
      int j = i;
      while (j + 1 < idx.length && v[idx[j + 1]] == v[idx[i]]) {
        j++;
      }
      double avg = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[idx[k]] = avg;
      }
      i = j + 1;
    }
    return r;
  }
}
