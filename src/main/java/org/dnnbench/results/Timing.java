package org.dnnbench.results;

/**
 * How long a case took and how fast it ran. Times are milliseconds; NaN or null where not measured
 * (a case that failed has no times).
 *
 * @param warmupRuns warm-up runs done
 * @param runs measured runs done
 * @param cutByTime whether {@code --max-seconds-per-case} cut the measured runs short
 * @param sessionMs session creation time
 * @param firstRunMs first inference, separately from warm-up
 * @param msPerBatch per-batch time statistics; null when nothing was measured
 * @param imagesPerS throughput: batch / mean time per batch
 * @param gflopsPerS achieved GFLOP/s (2 x MACs x batch / time)
 * @param efficiency achieved / peak GFLOP/s of the machine, NaN if peak unknown
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
    double efficiency) {
  /** Nothing measured beyond the warm-up runs, session and first-run times. */
  public static Timing unmeasured(int warmupRuns, double sessionMs, double firstRunMs) {
    return new Timing(
        warmupRuns, 0, false, sessionMs, firstRunMs, null, Double.NaN, Double.NaN, Double.NaN);
  }
}
