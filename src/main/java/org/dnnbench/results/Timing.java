package org.dnnbench.results;

/**
 * How long a case took and how fast it ran. Times are milliseconds; NaN or null where not measured
 * (a case that failed has no times).
 *
 * @param warmupRuns warm-up runs done
 * @param runs measured runs kept: the statistics and the interval are over these (when fewer than
 *     the minimum were kept, over every run: the case is then invalid, and {@code msPerBatch.n()}
 *     says how many)
 * @param cutByTime whether {@code --max-seconds-per-case} cut the measured runs short
 * @param sessionMs session creation time
 * @param firstRunMs first inference, separately from warm-up
 * @param msPerBatch per-batch time statistics; null when nothing was measured
 * @param imagesPerS throughput: batch / median time per batch (the statistic dnnbench reports)
 * @param gflopsPerS achieved GFLOP/s (2 x MACs x batch / time)
 * @param efficiency achieved / peak GFLOP/s of the machine, NaN if peak unknown
 * @param ciLowerMs lower end of the median per-batch time's 95% interval (distribution-free, order
 *     statistics), NaN without one (fewer than 6 runs)
 * @param ciUpperMs its upper end
 * @param setAsideRuns measured runs set aside, not in the statistics: taken while other processes
 *     used more than the allowed share of the CPU ({@code runs + setAsideRuns} were measured)
 */
public record Timing(
    int warmupRuns,
    int runs,
    boolean cutByTime,
    double sessionMs,
    double firstRunMs,
    TimeStats msPerBatch,
    double imagesPerS,
    double gflopsPerS,
    double efficiency,
    double ciLowerMs,
    double ciUpperMs,
    int setAsideRuns) {
  /** Nothing measured beyond the warm-up runs, session and first-run times. */
  public static Timing unmeasured(int warmupRuns, double sessionMs, double firstRunMs) {
    return new Timing(
        warmupRuns,
        0,
        false,
        sessionMs,
        firstRunMs,
        null,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        0);
  }

  /**
   * Relative half-width of the median's 95% interval, {@code (upper - lower) / (2 median)};
   * infinite without an interval.
   */
  public double ciHalfWidth() {
    if (msPerBatch == null || !Double.isFinite(ciLowerMs) || !Double.isFinite(ciUpperMs)) {
      return Double.POSITIVE_INFINITY;
    }
    double m = msPerBatch.median();
    return m > 0 ? (ciUpperMs - ciLowerMs) / (2 * m) : Double.POSITIVE_INFINITY;
  }
}
