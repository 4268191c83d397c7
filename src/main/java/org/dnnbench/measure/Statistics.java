package org.dnnbench.measure;

import java.util.Arrays;
import java.util.List;
import org.dnnbench.results.TimeStats;

/**
 * Summary statistics of measured durations, with stated conventions (as gradle-profiler's {@code
 * SampleStatistics} does):
 *
 * <ul>
 *   <li>standard deviation: the sample standard deviation, {@code n - 1} in the denominator
 *       (Bessel's correction), 0 when {@code n = 1};
 *   <li>quantiles: linear interpolation between closest ranks, Hyndman and Fan (1996) type 7, the
 *       default of R and numpy: for {@code p} in [0, 1] and sorted values {@code x[0..n-1]}, {@code
 *       h = (n - 1) p}, {@code q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h])}; so p0
 *       is the minimum, p50 the median and p100 the maximum.
 * </ul>
 */
public final class Statistics {
  private Statistics() {}

  /** The quantile method, for reports. */
  public static final String QUANTILE_METHOD =
      "linear interpolation (Hyndman-Fan type 7, numpy default)";

  /** The standard-deviation definition, for reports. */
  public static final String STD_METHOD = "sample standard deviation (n - 1)";

  /** The statistics of {@code values} (milliseconds); at least one value, all finite. */
  public static TimeStats of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("statistics need at least one value");
    }
    double[] x = values.clone();
    for (double v : x) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("values must be finite, got " + Arrays.toString(values));
      }
    }
    Arrays.sort(x);
    int n = x.length;
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    double mean = sum / n;
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    double std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
    return new TimeStats(
        n,
        mean,
        std,
        quantileSorted(x, 0.5),
        x[0],
        x[n - 1],
        quantileSorted(x, 0.9),
        quantileSorted(x, 0.99));
  }

  /** The statistics of a list of values. */
  public static TimeStats of(List<Double> values) {
    return of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The {@code p}-quantile (p in [0, 1]) of unsorted values, type 7. */
  public static double quantile(double[] values, double p) {
    double[] x = values.clone();
    Arrays.sort(x);
    return quantileSorted(x, p);
  }

  static double quantileSorted(double[] x, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("quantile p must be in [0, 1], got " + p);
    }
    if (x.length == 0) {
      throw new IllegalArgumentException("quantile of no values");
    }
    double h = (x.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, x.length - 1);
    return x[lo] + (h - lo) * (x[hi] - x[lo]);
  }
}
