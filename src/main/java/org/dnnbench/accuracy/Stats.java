package org.dnnbench.accuracy;

/** Accuracy statistics. */
public final class Stats {
  private Stats() {}

  /** The 97.5% quantile of the standard normal distribution. */
  public static final double Z95 = 1.959963984540054;

  /**
   * Half the width of the 95% Wilson score interval of a proportion of {@code hits} in {@code n},
   * in percentage points (Wilson 1927; Brown, Cai & DasGupta 2001 recommend it over the normal
   * approximation, which collapses to zero width at 0% and 100%). 0 when {@code n} is 0.
   */
  public static double wilsonHalfWidth95(long hits, long n) {
    if (n <= 0) {
      return 0;
    }
    if (hits < 0 || hits > n) {
      throw new IllegalArgumentException("hits must be in 0.." + n + ", got " + hits);
    }
    double p = (double) hits / n;
    double z2 = Z95 * Z95;
    double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return 100 * half;
  }

  /**
   * Rank of the correct class among the scores: how many classes score higher, ties broken by the
   * lower index (as a stable descending sort would). 0 means top-1; a NaN score ranks last.
   */
  public static int rank(float[] scores, int label) {
    float s = scores[label];
    if (Float.isNaN(s)) {
      return scores.length;
    }
    int r = 0;
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] > s || (scores[i] == s && i < label)) {
        r++;
      }
    }
    return r;
  }

  /** The top-1 class: the highest score, the lower index on ties (NaN never wins). */
  public static int argmax(float[] scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best] || Float.isNaN(scores[best])) {
        best = i;
      }
    }
    return best;
  }

  /**
   * Half-width of the 95% Wald interval of a paired difference of proportions, in percentage
   * points: {@code n} items, {@code b} right only under the second, {@code c} right only under the
   * first; {@code var = ((b + c) - (b - c)^2 / n) / n^2}.
   */
  public static double pairedHalfWidth95(long b, long c, long n) {
    if (n <= 0) {
      return Double.NaN;
    }
    double d = b - c;
    double var = ((b + c) - d * d / n) / ((double) n * n);
    return 100 * 1.959963984540054 * Math.sqrt(Math.max(0, var));
  }
}
