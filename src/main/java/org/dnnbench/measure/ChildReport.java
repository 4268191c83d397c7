package org.dnnbench.measure;

import java.util.List;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.MachineState;
import org.dnnbench.results.Memory;

/**
 * What a child process reports back: one JSON line on its standard output, prefixed by {@link
 * #MARKER}. Times in ms, memory in MB (10^6 bytes), NaN where not measured.
 *
 * @param status a {@link CaseStatus} id
 * @param detail error message or remark
 * @param runs the session, first-run, warm-up and measured times
 * @param memory the child's resident set: baseline before the model was loaded (engine
 *     initialized); the model's part (resident growth by creating the session, plus the excess of
 *     the loading peak over the inference peak, if any); the peak (VmHWM over loading and
 *     inference), so that {@code peak - baseline - model} is the inference peak's growth over the
 *     loaded model; GPU memory, NaN on CPU
 * @param metadataMacs MACs per image from the model's {@code dnnbench.macs_per_image} metadata, NaN
 *     if absent
 * @param outputsFinite whether every output value read was finite
 * @param engineVersion the engine's version
 * @param peakGflops measured GFLOP/s ({@code peak} mode), NaN otherwise
 * @param machineState what else the machine did before and during the measured runs
 */
public record ChildReport(
    String status,
    String detail,
    Runs runs,
    Memory memory,
    double metadataMacs,
    boolean outputsFinite,
    String engineVersion,
    double peakGflops,
    MachineState machineState) {
  /** Prefix of the result line on the child's standard output. */
  public static final String MARKER = "DNNBENCH-RESULT ";

  public ChildReport {
    detail = detail == null ? "" : detail;
    runs = runs == null ? Runs.NONE : runs;
    memory = memory == null ? Memory.UNKNOWN : memory;
    machineState = machineState == null ? MachineState.UNKNOWN : machineState;
  }

  /**
   * The child's times.
   *
   * @param sessionMs session creation time
   * @param firstRunMs the first inference
   * @param warmupRuns warm-up runs done
   * @param timesMs each kept measured run's time per batch (the statistics are over these)
   * @param cutByTime whether the time budget stopped the measured runs early
   * @param setAsideMs the measured runs set aside: taken in windows where other processes used more
   *     than the allowed share of the CPU ({@link RunWindows}), or whose own threads waited for a
   *     CPU for more than the target's share of the run ({@link ThreadWaits}), or taken while the
   *     machine ran slower than its own speed ({@link SpeedControl})
   * @param knownWindows windows of the measured runs whose machine state could be read; 0 when the
   *     runs could not be attributed (every run kept, the case judged by its whole-window figure)
   * @param waitedRuns how many of {@code setAsideMs} were set aside for their threads' waits only
   * @param slowRuns how many of {@code setAsideMs} were set aside for the speed control only (kept
   *     by their windows and waits)
   * @param speed what the speed control read ({@link Speed#NONE} without one)
   */
  public record Runs(
      double sessionMs,
      double firstRunMs,
      int warmupRuns,
      List<Double> timesMs,
      boolean cutByTime,
      List<Double> setAsideMs,
      int knownWindows,
      int waitedRuns,
      int slowRuns,
      Speed speed) {
    static final Runs NONE = new Runs(Double.NaN, Double.NaN, 0, List.of(), false);

    public Runs {
      timesMs = timesMs == null ? List.of() : List.copyOf(timesMs);
      setAsideMs = setAsideMs == null ? List.of() : List.copyOf(setAsideMs);
      speed = speed == null ? Speed.NONE : speed;
      if (waitedRuns < 0 || slowRuns < 0 || waitedRuns + slowRuns > setAsideMs.size()) {
        throw new IllegalArgumentException(
            "waitedRuns "
                + waitedRuns
                + " and slowRuns "
                + slowRuns
                + " not within the "
                + setAsideMs.size()
                + " set aside");
      }
    }

    /** Runs without a speed control. */
    public Runs(
        double sessionMs,
        double firstRunMs,
        int warmupRuns,
        List<Double> timesMs,
        boolean cutByTime,
        List<Double> setAsideMs,
        int knownWindows,
        int waitedRuns) {
      this(
          sessionMs,
          firstRunMs,
          warmupRuns,
          timesMs,
          cutByTime,
          setAsideMs,
          knownWindows,
          waitedRuns,
          0,
          Speed.NONE);
    }

    /** Runs set aside by their windows only ({@link RunWindows}); none for their own waits. */
    public Runs(
        double sessionMs,
        double firstRunMs,
        int warmupRuns,
        List<Double> timesMs,
        boolean cutByTime,
        List<Double> setAsideMs,
        int knownWindows) {
      this(sessionMs, firstRunMs, warmupRuns, timesMs, cutByTime, setAsideMs, knownWindows, 0);
    }

    /** Runs without attribution: every run kept. */
    public Runs(
        double sessionMs,
        double firstRunMs,
        int warmupRuns,
        List<Double> timesMs,
        boolean cutByTime) {
      this(sessionMs, firstRunMs, warmupRuns, timesMs, cutByTime, List.of(), 0);
    }
  }

  /**
   * What a fork's speed control read ({@link SpeedControl}).
   *
   * @param readings control readings taken (0: no control)
   * @param medianMs the median reading, ms
   * @param ownReferenceMs this fork's reference candidate (its readings' low quantile), ms; NaN
   *     with too few readings to be one
   * @param referenceMs the reference its runs were judged against, ms
   * @param maxSlowdown largest slowdown of a kept run's readings against the reference
   */
  public record Speed(
      int readings,
      double medianMs,
      double ownReferenceMs,
      double referenceMs,
      double maxSlowdown) {
    static final Speed NONE = new Speed(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Whether the control was read. */
    public boolean known() {
      return readings > 0 && medianMs > 0;
    }

    /** How much slower than its reference the control ran at its median (0.08: 8%). */
    public double slowdown() {
      return known() && referenceMs > 0 ? medianMs / referenceMs - 1 : Double.NaN;
    }
  }

  /** A failure report with nothing measured. */
  static ChildReport failed(CaseStatus status, String detail, double baselineRssMb) {
    return new ChildReport(
        status.id(),
        detail,
        Runs.NONE,
        new Memory(MemoryProbe.peakRssMb(), baselineRssMb, Double.NaN, Double.NaN),
        Double.NaN,
        true,
        "",
        Double.NaN,
        MachineState.UNKNOWN);
  }
}
