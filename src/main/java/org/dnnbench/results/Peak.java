package org.dnnbench.results;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Objects;

/**
 * The machine's measured peak GFLOP/s (a large matrix product on the engine), measured like a case:
 * with the machine's state during the probe, when it was measured, and whether other processes
 * disturbed it. A disturbed peak is never cached as trusted: the next sweep measures it again.
 *
 * @param gflops the peak, GFLOP/s; NaN when not measured
 * @param state what else the machine did during the probe's runs ({@link
 *     MachineState.Window#UNKNOWN} when not read)
 * @param measuredAt when the probe ran; null when not known (a store written before the peak kept
 *     its state, or not measured)
 * @param disturbed whether other processes took more than the allowed share of the CPU during every
 *     try of the probe (the best try is then used, marked so)
 */
public record Peak(
    double gflops, MachineState.Window state, Instant measuredAt, boolean disturbed) {

  /** Not measured. */
  public static final Peak NONE = new Peak(Double.NaN, MachineState.Window.UNKNOWN, null, false);

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  public Peak {
    Objects.requireNonNull(state, "state");
  }

  /** A peak whose state was not kept (only its figure is known). */
  public static Peak of(double gflops) {
    return new Peak(gflops, MachineState.Window.UNKNOWN, null, false);
  }

  /** Whether a peak was measured. */
  public boolean measured() {
    return gflops > 0;
  }

  /**
   * One phrase, e.g. "peak 180 GFLOP/s measured 2026-12-02 02:31 UTC with other processes at 0.02
   * cores, load 1.4"; "peak not measured" when not.
   */
  public String describe() {
    if (!measured()) {
      return "peak not measured";
    }
    var sb = new StringBuilder(String.format(Locale.ROOT, "peak %.0f GFLOP/s", gflops));
    if (measuredAt != null) {
      sb.append(" measured ").append(CLOCK.format(measuredAt));
    }
    if (state.known()) {
      var parts = new ArrayList<String>();
      parts.add(String.format(Locale.ROOT, "other processes at %.2f cores", state.otherCores()));
      if (Double.isFinite(state.loadAverage())) {
        parts.add(String.format(Locale.ROOT, "load %.1f", state.loadAverage()));
      }
      if (state.stealShare() >= 0.01) {
        parts.add(String.format(Locale.ROOT, "steal %.0f%%", 100 * state.stealShare()));
      }
      sb.append(" with ").append(String.join(", ", parts));
    } else {
      sb.append(" (machine state not kept)");
    }
    if (disturbed) {
      sb.append("; disturbed: other processes were busy during every try, measured again next run");
    }
    return sb.toString();
  }
}
