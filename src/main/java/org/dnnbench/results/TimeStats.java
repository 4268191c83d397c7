package org.dnnbench.results;

/**
 * Summary statistics of a sample of durations, in milliseconds. Conventions: {@code std} is the
 * sample standard deviation (n - 1 in the denominator; 0 when n = 1); quantiles use linear
 * interpolation between closest ranks (Hyndman and Fan type 7, numpy's default), so p0 is the
 * minimum, p50 the median and p100 the maximum.
 *
 * @param n sample size (at least 1)
 */
public record TimeStats(
    int n, double mean, double std, double median, double min, double max, double p90, double p99) {
  public TimeStats {
    if (n < 1) {
      throw new IllegalArgumentException("statistics need at least one value, got n = " + n);
    }
  }

  /** Relative spread: std / mean (coefficient of variation), 0 for n = 1. */
  public double cv() {
    return mean > 0 ? std / mean : 0;
  }

  /** Every statistic divided by {@code d} (e.g. per batch to per image). */
  public TimeStats dividedBy(double d) {
    return new TimeStats(n, mean / d, std / d, median / d, min / d, max / d, p90 / d, p99 / d);
  }
}
