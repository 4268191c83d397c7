package org.dnnbench.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What else the machine was doing while a case was measured, read from {@code /proc}: one {@link
 * Window} before the measured runs (from the case's start to its first measured run: loading and
 * warm-up) and one during them.
 *
 * <p>Conventions: CPU figures come from {@code /proc/stat}'s first line as differences between two
 * samples. Busy time is {@code user + nice + system + irq + softirq}; the time of other processes
 * is busy time minus the CPU time of this process tree (the measuring process and its parents,
 * {@code utime + stime} of {@code /proc/PID/stat}); {@code steal} and {@code iowait} are shares of
 * all CPU time of the window. The load average is the kernel's one-minute figure at the end of the
 * window (it lags: it says what the last minute was like). NaN wherever the figure could not be
 * read (not Linux, or a window too short to tell). Under a cgroup CPU quota of fewer CPUs than
 * those counted, other processes' share is of the quota, counting what they took beyond the CPUs
 * the quota leaves free ({@link Window#otherShare}); the quota's throttling of the window comes
 * from its {@code cpu.stat}.
 *
 * @param before from the case's start to its first measured run
 * @param during over the measured runs
 */
public record MachineState(Window before, Window during) {

  /** Nothing known (not Linux, or not sampled). */
  public static final MachineState UNKNOWN = new MachineState(Window.UNKNOWN, Window.UNKNOWN);

  public MachineState {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(during, "during");
  }

  /**
   * One window of samples.
   *
   * @param seconds length of the window
   * @param cores logical cores of the machine
   * @param loadAverage one-minute load average at the end of the window
   * @param otherCores CPU time of other processes over the window's length, in cores (1.0 = one
   *     core busy all the time)
   * @param peakOtherCores the largest {@code otherCores} over any of the sampler's sub-windows
   *     (about half a second each), so that a short burst shows; equal to {@code otherCores} when
   *     the window had one sub-window
   * @param stealShare share of all CPU time stolen by the hypervisor (0..1)
   * @param iowaitShare share of all CPU time idle waiting for I/O (0..1)
   * @param frequencyMhz mean current frequency of the cores from {@code cpufreq}, NaN when the
   *     kernel does not expose it (most VMs)
   * @param quotaCpus the process's cgroup CPU quota in CPUs ({@code cpu.max}), NaN when none
   * @param periods the quota's enforcement periods in the window ({@code nr_periods}), -1 unknown
   * @param throttledPeriods periods in which the quota ran out ({@code nr_throttled}), -1 unknown
   * @param throttledSeconds time throttled ({@code throttled_usec}, summed over the CPUs
   *     throttled), NaN when unknown or without a quota
   */
  public record Window(
      double seconds,
      int cores,
      double loadAverage,
      double otherCores,
      double peakOtherCores,
      double stealShare,
      double iowaitShare,
      double frequencyMhz,
      double quotaCpus,
      long periods,
      long throttledPeriods,
      double throttledSeconds) {

    public static final Window UNKNOWN =
        new Window(
            Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public Window {
      if (cores < 0) {
        throw new IllegalArgumentException("cores must be >= 0, got " + cores);
      }
    }

    /** A window without a cgroup quota. */
    public Window(
        double seconds,
        int cores,
        double loadAverage,
        double otherCores,
        double peakOtherCores,
        double stealShare,
        double iowaitShare,
        double frequencyMhz) {
      this(
          seconds,
          cores,
          loadAverage,
          otherCores,
          peakOtherCores,
          stealShare,
          iowaitShare,
          frequencyMhz,
          Double.NaN,
          -1,
          -1,
          Double.NaN);
    }

    /** Whether a quota below the counted CPUs limits the process. */
    public boolean quotaLimits() {
      return quotaCpus > 0 && cores > 0 && quotaCpus < cores;
    }

    /** The CPUs the process may use: the counted CPUs, or the quota when it is fewer. */
    public double effectiveCpus() {
      return quotaLimits() ? quotaCpus : cores;
    }

    /**
     * The cores other processes took from this process: all they used on the counted CPUs; under a
     * quota, only what they used beyond the {@code cores - quota} the quota leaves free (others
     * running there do not slow a process that may not use those cores anyway).
     */
    public double deniedCores() {
      return quotaLimits() ? Math.max(0, otherCores - (cores - quotaCpus)) : otherCores;
    }

    /**
     * Share of the CPUs this process may use that other processes took (0..1), NaN if unknown:
     * {@link #deniedCores} over {@link #effectiveCpus}; without a quota, other cores over the
     * counted CPUs.
     */
    public double otherShare() {
      return cores > 0 ? deniedCores() / effectiveCpus() : Double.NaN;
    }

    /**
     * Share of the window's time the quota throttled the process: throttled time over the window's
     * length, at most 1; NaN when unknown. The kernel sums throttled time over the CPUs throttled,
     * so on several CPUs this errs high (a stricter check).
     */
    public double throttledShare() {
      return Double.isFinite(throttledSeconds) && seconds > 0
          ? Math.min(1, throttledSeconds / seconds)
          : Double.NaN;
    }

    /** E.g. "0.9 of 2 cores", or under a quota "0.7 of the 1.5 CPUs of the quota". */
    public String sharePhrase() {
      return quotaLimits()
          ? String.format(
              Locale.ROOT,
              "%.2f of the %s CPUs of the quota",
              deniedCores(),
              Cpus.number(quotaCpus))
          : String.format(Locale.ROOT, "%.1f of %d cores", otherCores, cores);
    }

    /**
     * E.g. "throttled by its CPU quota in 12 of 40 periods, 0.31 s (3% of the 10.2 s)"; empty when
     * not throttled or unknown.
     */
    public String throttlePhrase() {
      if (!(throttledPeriods > 0)) {
        return "";
      }
      return String.format(
          Locale.ROOT,
          "throttled by its CPU quota in %d%s periods, %.2f s (%.0f%% of the %.1f s)",
          throttledPeriods,
          periods > 0 ? " of " + periods : "",
          throttledSeconds,
          100 * throttledShare(),
          seconds);
    }

    /** Whether anything was read. */
    public boolean known() {
      return cores > 0 && Double.isFinite(otherCores);
    }

    /** A phrase, e.g. "other processes used 0.9 cores (45% of 2), load average 1.2". */
    public String describe() {
      if (!known()) {
        return "machine state unknown";
      }
      var parts = new ArrayList<String>();
      if (quotaLimits()) {
        parts.add(
            String.format(
                Locale.ROOT,
                "other processes used %.1f of %d CPUs, %.2f of them (%.0f%%) from the %s CPUs of"
                    + " this process's quota",
                otherCores,
                cores,
                deniedCores(),
                100 * otherShare(),
                Cpus.number(quotaCpus)));
      } else {
        parts.add(
            String.format(
                Locale.ROOT,
                "other processes used %.1f cores (%.0f%% of %d)",
                otherCores,
                100 * otherShare(),
                cores));
      }
      if (Double.isFinite(peakOtherCores) && peakOtherCores > otherCores + 0.25) {
        parts.add(String.format(Locale.ROOT, "bursts up to %.1f", peakOtherCores));
      }
      if (Double.isFinite(loadAverage)) {
        parts.add(String.format(Locale.ROOT, "load average %.1f", loadAverage));
      }
      if (stealShare >= 0.01) {
        parts.add(String.format(Locale.ROOT, "steal %.0f%%", 100 * stealShare));
      }
      if (iowaitShare >= 0.01) {
        parts.add(String.format(Locale.ROOT, "iowait %.0f%%", 100 * iowaitShare));
      }
      if (Double.isFinite(frequencyMhz)) {
        parts.add(String.format(Locale.ROOT, "%.0f MHz", frequencyMhz));
      }
      String t = throttlePhrase();
      if (!t.isEmpty()) {
        parts.add(t);
      }
      return String.join(", ", parts);
    }
  }

  /** The share of the CPU other processes took during the measured runs, NaN if unknown. */
  public double otherShareDuring() {
    return during.otherShare();
  }

  /**
   * One line for a case's detail, e.g. "during the measured runs: other processes used 0.9 cores
   * (45% of 2), load average 1.2".
   */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (during.known()) {
      parts.add("during the measured runs: " + during.describe());
    }
    if (before.known()) {
      parts.add("before: " + before.describe());
    }
    return parts.isEmpty() ? "machine state unknown" : String.join("; ", parts);
  }

  /**
   * Mean cores other processes used during the measured runs of {@code cases}, over those where it
   * is known; NaN when none is.
   */
  public static double meanOtherCoresDuring(List<CaseResult> cases) {
    return cases.stream()
        .mapToDouble(c -> c.machineState().during().otherCores())
        .filter(Double::isFinite)
        .average()
        .orElse(Double.NaN);
  }

  /** Highest load average during the measured runs of {@code cases}; NaN when none is known. */
  public static double maxLoadAverageDuring(List<CaseResult> cases) {
    return cases.stream()
        .mapToDouble(c -> c.machineState().during().loadAverage())
        .filter(Double::isFinite)
        .max()
        .orElse(Double.NaN);
  }
}
