package org.dnnbench.measure;

import java.util.Arrays;

/**
 * A distribution-free confidence interval for the median of a sample: the order statistics {@code
 * x(l)} and {@code x(u)}, {@code u = n - l + 1}, where {@code l} is the largest rank with {@code
 * P(B <= l - 1) <= (1 - confidence) / 2} for {@code B ~ Binomial(n, 1/2)} (the number of runs below
 * the true median). Its coverage, {@code 1 - 2 P(B <= l - 1)}, is at least the confidence asked for
 * whatever the distribution of the times (only independent runs are assumed), which suits run
 * times: skewed, with outliers and several modes. The binomial probabilities are summed exactly in
 * log space. No 95% interval exists below {@value #MIN_N_95} runs: even {@code [min, max]} covers
 * only {@code 1 - 2^(1-n)}.
 *
 * <p>Its relative half-width is {@code (x(u) - x(l)) / (2 * median)}, the median being the type-7
 * quantile ({@link Statistics}).
 *
 * @param n runs
 * @param median the sample median
 * @param lower {@code x(l)}, NaN when no interval exists
 * @param upper {@code x(u)}, NaN when no interval exists
 * @param lowerRank {@code l} (1-based), 0 when no interval exists
 * @param coverage the interval's exact coverage, NaN when no interval exists
 */
public record MedianInterval(
    int n, double median, double lower, double upper, int lowerRank, double coverage) {

  /** The confidence used throughout dnnbench. */
  public static final double CONFIDENCE = 0.95;

  /** Fewest runs with a 95% interval. */
  public static final int MIN_N_95 = 6;

  /** The method, for reports. */
  public static final String METHOD =
      "distribution-free 95% interval of the median from order statistics (binomial, exact)";

  /** Whether an interval exists. */
  public boolean exists() {
    return lowerRank > 0;
  }

  /** {@code (upper - lower) / (2 median)}; infinite when no interval exists. */
  public double relativeHalfWidth() {
    if (!exists()) {
      return Double.POSITIVE_INFINITY;
    }
    return median > 0 ? (upper - lower) / (2 * median) : Double.POSITIVE_INFINITY;
  }

  /** The 95% interval of the median of {@code values}. */
  public static MedianInterval of(double[] values) {
    return of(values, CONFIDENCE);
  }

  /** The interval at {@code confidence} (0..1) of the median of {@code values} (at least one). */
  public static MedianInterval of(double[] values, double confidence) {
    if (values.length == 0) {
      throw new IllegalArgumentException("a median interval needs at least one value");
    }
    double[] x = values.clone();
    Arrays.sort(x);
    return ofSorted(x, confidence);
  }

  static MedianInterval ofSorted(double[] x, double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
    int n = x.length;
    double median = Statistics.quantileSorted(x, 0.5);
    int l = lowerRank(n, confidence);
    if (l == 0) {
      return new MedianInterval(n, median, Double.NaN, Double.NaN, 0, Double.NaN);
    }
    double coverage = 1 - 2 * binomialHalfCdf(n, l - 1);
    return new MedianInterval(n, median, x[l - 1], x[n - l], l, coverage);
  }

  /** The largest {@code l} with {@code P(B <= l - 1) <= alpha / 2}, at most n/2; 0 if none. */
  static int lowerRank(int n, double confidence) {
    double half = (1 - confidence) / 2;
    double logTwoN = n * Math.log(2);
    double cdf = 0;
    double logC = 0; // log C(n, k)
    int l = 0;
    for (int k = 0; k <= n / 2; k++) {
      cdf += Math.exp(logC - logTwoN);
      // cdf is now P(B <= k): rank k + 1 is allowed when it is small enough
      if (cdf > half * (1 + 1e-12)) {
        break;
      }
      l = k + 1;
      logC += Math.log(n - k) - Math.log(k + 1);
    }
    return Math.min(l, (n + 1) / 2);
  }

  /** {@code P(B <= k)} for {@code B ~ Binomial(n, 1/2)}. */
  static double binomialHalfCdf(int n, int k) {
    double logTwoN = n * Math.log(2);
    double cdf = 0;
    double logC = 0;
    for (int i = 0; i <= k && i <= n; i++) {
      cdf += Math.exp(logC - logTwoN);
      logC += Math.log(n - i) - Math.log(i + 1);
    }
    return Math.min(1, cdf);
  }
}
