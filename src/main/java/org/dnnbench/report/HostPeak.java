package org.dnnbench.report;

/**
 * The theoretical fp32 peak of the machine the report is drawn on (cores x vector lanes x FMA units
 * x 2 x clock, read from its CPU by the caller, since {@code report} reads no hardware), shown
 * beside the measured peak of the stored machine with the same fingerprint, so that efficiency has
 * a physical ceiling. Other machines' theoretical peaks are not stored, and the report says so.
 *
 * @param fingerprint the drawing machine's fingerprint (a stored machine id is it, or it followed
 *     by {@code /label})
 * @param gflops the theoretical peak, GFLOP/s; NaN when unknown
 * @param formula how it was computed, e.g. "2 cores x 64 FLOP/cycle (avx512f, 2 FMA units assumed)
 *     x 2.60 GHz (reported by /proc/cpuinfo)"
 */
public record HostPeak(String fingerprint, double gflops, String formula) {
  /** Nothing read. */
  public static final HostPeak UNKNOWN =
      new HostPeak("", Double.NaN, "not read when this report was drawn");

  public HostPeak {
    fingerprint = fingerprint == null ? "" : fingerprint;
    formula = formula == null ? "" : formula;
  }

  /** Whether a stored machine id is this machine. */
  public boolean matches(String machineId) {
    return !fingerprint.isEmpty()
        && (machineId.equals(fingerprint) || machineId.startsWith(fingerprint + "/"));
  }
}
