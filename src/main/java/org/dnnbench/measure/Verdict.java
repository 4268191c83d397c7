package org.dnnbench.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dnnbench.results.MachineState;

/**
 * Whether a measured case's number can be believed, and if not, why. A case that ended ok is
 * <b>valid</b> when all of these hold:
 *
 * <ul>
 *   <li>it did at least its minimum measured runs (not cut short by a budget);
 *   <li>at least that many runs were <b>kept</b>: runs taken in windows where other processes took
 *       more than {@code maxOtherShare} of the machine's CPU (default {@value
 *       #DEFAULT_MAX_OTHER_SHARE}) are set aside ({@link RunWindows}), and so are runs whose own
 *       threads waited for a CPU for more than the target's share of the run ({@link ThreadWaits});
 *       where the windows could not be read, other processes took at most that share over the whole
 *       of the measured runs;
 *   <li>the median's 95% interval ({@link MedianInterval}) over the kept runs has a relative
 *       half-width at most the target (default ±3%);
 *   <li>every output value was finite;
 *   <li>a cgroup CPU quota ({@code cpu.max}) throttled the process for at most {@value
 *       #MAX_THROTTLED_SHARE} of its measured runs' time ({@code cpu.stat}'s {@code throttled_usec}
 *       over the runs' wall time: a throttled run stalls until the next period).
 * </ul>
 *
 * <p>Under a quota the other processes' share is of the quota's CPUs, counting only what they took
 * beyond the CPUs the quota leaves free ({@link MachineState.Window#otherShare}).
 *
 * @param valid whether the number can be believed
 * @param reasons why not (empty when valid), each a short phrase naming the figure and its limit
 */
public record Verdict(boolean valid, List<String> reasons) {
  /** Default largest share of the CPU other processes may take during a valid case's runs. */
  public static final double DEFAULT_MAX_OTHER_SHARE = 0.20;

  /** Largest share of a valid case's measured time its cgroup's CPU quota may throttle it. */
  public static final double MAX_THROTTLED_SHARE = 0.05;

  public Verdict {
    reasons = List.copyOf(reasons);
  }

  /** How each reason of {@link #judge} begins. */
  private static final List<String> REASON_STARTS =
      List.of(
          "cut short",
          "busy machine",
          "interval too wide",
          "some outputs were not finite",
          "throttled");

  /** Whether {@code phrase} is one of the reasons {@link #judge} gives. */
  public static boolean isReason(String phrase) {
    return REASON_STARTS.stream().anyMatch(phrase::startsWith);
  }

  /** The reasons joined by "; ". */
  public String reason() {
    return String.join("; ", reasons);
  }

  /** Judges a case whose runs were not attributed to windows (every run kept). */
  public static Verdict judge(
      int runs,
      int minRuns,
      MedianInterval interval,
      double target,
      MachineState state,
      double maxOtherShare,
      boolean outputsFinite) {
    return judge(runs, 0, 0, minRuns, interval, target, state, maxOtherShare, outputsFinite);
  }

  /** What to do about a case its quota throttled. */
  static String throttleAdvice(double quotaCpus) {
    String q = org.dnnbench.results.Cpus.number(quotaCpus);
    return quotaCpus >= 1
        ? String.format(
            Locale.ROOT,
            "use at most %d --threads under the quota's %s CPUs, or a larger quota",
            (int) Math.floor(quotaCpus + 1e-9),
            q)
        : "a quota of "
            + q
            + " CPUs throttles even one thread: measure under a quota of 1 CPU or"
            + " more";
  }

  /**
   * "kept 84 of 147 runs; 63 taken while other processes used over 20% of the CPU were set aside".
   */
  public static String keptPhrase(int kept, int setAside, double maxOtherShare) {
    return keptPhrase(kept, setAside, 0, maxOtherShare, Double.NaN);
  }

  /**
   * As {@link #keptPhrase(int, int, double)}, {@code waited} of the {@code setAside} runs set aside
   * for their own threads' waits ({@link ThreadWaits}): "kept 84 of 147 runs; set aside 63: 50
   * taken while other processes used over 20% of the CPU, 13 whose threads waited for a CPU over 3%
   * of the run".
   */
  public static String keptPhrase(
      int kept, int setAside, int waited, double maxOtherShare, double maxWaitShare) {
    return keptPhrase(kept, setAside, waited, 0, maxOtherShare, maxWaitShare, null);
  }

  /**
   * As above, {@code slow} of the {@code setAside} runs set aside because the speed control ran
   * slower than its fastest ({@link SpeedControl}), which {@code speed} read.
   */
  public static String keptPhrase(
      int kept,
      int setAside,
      int waited,
      int slow,
      double maxOtherShare,
      double maxWaitShare,
      ChildReport.Speed speed) {
    var parts = new ArrayList<String>();
    int windowed = setAside - waited - slow;
    if (windowed > 0) {
      parts.add(
          String.format(
              Locale.ROOT,
              "%s taken while other processes used over %.0f%% of the CPU",
              windowed,
              100 * maxOtherShare));
    }
    if (waited > 0) {
      parts.add(
          String.format(
              Locale.ROOT,
              "%d whose threads waited for a CPU over %.0f%% of the run more than usual",
              waited,
              100 * maxWaitShare));
    }
    if (slow > 0 && speed != null) {
      parts.add(slow + " " + SpeedControl.slowPhrase(speed));
    }
    String head = String.format(Locale.ROOT, "kept %d of %d runs; ", kept, kept + setAside);
    if (parts.size() == 1) {
      // "63 taken while ... were set aside"
      String only = parts.get(0);
      return head + only + " were set aside";
    }
    if (parts.isEmpty()) {
      return head + setAside + " were set aside";
    }
    return head + "set aside " + setAside + ": " + String.join(", ", parts);
  }

  /**
   * Judges a case that ended ok.
   *
   * @param runs measured runs kept (the interval is over these)
   * @param setAside measured runs set aside (taken while other processes were busy)
   * @param knownWindows windows whose machine state was read; 0: the runs were not attributed, and
   *     the whole measured period's other share is held against {@code maxOtherShare}
   * @param minRuns minimum measured runs
   * @param interval the median's interval (null without runs)
   * @param target the interval's target relative half-width
   * @param state the machine's state around the case
   * @param maxOtherShare largest share of the CPU other processes may take
   * @param outputsFinite whether every output was finite
   */
  public static Verdict judge(
      int runs,
      int setAside,
      int knownWindows,
      int minRuns,
      MedianInterval interval,
      double target,
      MachineState state,
      double maxOtherShare,
      boolean outputsFinite) {
    return judge(
        runs,
        setAside,
        0,
        knownWindows,
        minRuns,
        interval,
        target,
        state,
        maxOtherShare,
        outputsFinite);
  }

  /**
   * As above, {@code waited} of the {@code setAside} runs set aside because their own threads
   * waited for a CPU for more than {@code target} of the run ({@link ThreadWaits}).
   */
  public static Verdict judge(
      int runs,
      int setAside,
      int waited,
      int knownWindows,
      int minRuns,
      MedianInterval interval,
      double target,
      MachineState state,
      double maxOtherShare,
      boolean outputsFinite) {
    return judge(
        runs,
        setAside,
        waited,
        0,
        null,
        knownWindows,
        minRuns,
        interval,
        target,
        state,
        maxOtherShare,
        outputsFinite);
  }

  /**
   * As above, {@code slow} of the {@code setAside} runs set aside because the speed control, which
   * {@code speed} read, ran slower than its fastest ({@link SpeedControl}).
   */
  public static Verdict judge(
      int runs,
      int setAside,
      int waited,
      int slow,
      ChildReport.Speed speed,
      int knownWindows,
      int minRuns,
      MedianInterval interval,
      double target,
      MachineState state,
      double maxOtherShare,
      boolean outputsFinite) {
    var reasons = new ArrayList<String>();
    if (runs + setAside < minRuns) {
      reasons.add(String.format(Locale.ROOT, "cut short: %d of %d runs", runs + setAside, minRuns));
    } else if (runs < minRuns) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "busy machine: too few quiet runs (%s; %d needed)",
              keptPhrase(runs, setAside, waited, slow, maxOtherShare, target, speed),
              minRuns));
    }
    double hw = interval == null ? Double.POSITIVE_INFINITY : interval.relativeHalfWidth();
    if (!(hw <= target)) {
      reasons.add(
          Double.isInfinite(hw)
              ? String.format(
                  Locale.ROOT,
                  "interval too wide: %d runs give no 95%% interval (need %d)",
                  runs,
                  MedianInterval.MIN_N_95)
              : String.format(
                  Locale.ROOT,
                  "interval too wide: median ±%.1f%% > ±%.1f%%",
                  100 * hw,
                  100 * target));
    }
    double share = state == null || knownWindows > 0 ? Double.NaN : state.otherShareDuring();
    if (share > maxOtherShare) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "busy machine: other processes took %.0f%% of the CPU (%s) during the"
                  + " measured runs, over the %.0f%% allowed",
              100 * share,
              state.during().sharePhrase(),
              100 * maxOtherShare));
    }
    double throttled = state == null ? Double.NaN : state.during().throttledShare();
    if (throttled > MAX_THROTTLED_SHARE) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "%s, over the %.0f%% allowed: %s",
              state.during().throttlePhrase(),
              100 * MAX_THROTTLED_SHARE,
              throttleAdvice(state.during().quotaCpus())));
    }
    if (!outputsFinite) {
      reasons.add("some outputs were not finite");
    }
    return new Verdict(reasons.isEmpty(), reasons);
  }
}
