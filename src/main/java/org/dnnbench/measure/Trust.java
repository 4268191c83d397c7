package org.dnnbench.measure;

import java.util.Locale;

/**
 * When a sweep believes a number, and how hard it tries to get one: the stopping rule's target and
 * cap ({@link StoppingRule}), the validity's limit on other processes ({@link Verdict}) and the
 * attempts a case gets within a sweep.
 *
 * @param ciTarget target relative half-width of the median's 95% interval (0.03: ±3%)
 * @param capSeconds time cap of a case's measured runs, seconds
 * @param maxOtherShare largest share of the machine's CPU other processes may take during a valid
 *     case's measured runs (0..1)
 * @param attempts most attempts per case within a sweep (invalid cases are measured again after all
 *     the others): each attempt after the first adds one fork
 * @param forks child processes (JMH's forks) that measure each case, spaced across the sweep: the
 *     case's number is believed only when that many valid forks agree ({@link Forks})
 * @param minSeconds fewest seconds of a case's measured runs (half of it of warm-up), within {@code
 *     capSeconds} and a budget's limit: a case of short runs samples the machine over several
 *     windows ({@link RunWindows}), not one moment
 * @param maxSlowdown runs taken while a control model, timed between them, ran more than this much
 *     slower than its fastest on this machine are set aside ({@link SpeedControl}); 1 or more (the
 *     default): no control
 */
public record Trust(
    double ciTarget,
    double capSeconds,
    double maxOtherShare,
    int attempts,
    double minSeconds,
    int forks,
    double maxSlowdown) {
  public static final int DEFAULT_ATTEMPTS = 3;

  /**
   * Default largest slowdown of the speed control, against its fastest, of a kept run: 1, no
   * control (it is opt-in: see {@link SpeedControl}).
   */
  public static final double DEFAULT_MAX_SLOWDOWN = 1.0;

  /** Forks per case by default: two processes, measured apart, must agree. */
  public static final int DEFAULT_FORKS = 2;

  /** Most forks per case. */
  public static final int MAX_FORKS = 10;

  public static final Trust DEFAULT =
      new Trust(
          StoppingRule.DEFAULT_TARGET,
          StoppingRule.DEFAULT_CAP_SECONDS,
          Verdict.DEFAULT_MAX_OTHER_SHARE,
          DEFAULT_ATTEMPTS,
          StoppingRule.DEFAULT_MIN_SECONDS,
          DEFAULT_FORKS,
          DEFAULT_MAX_SLOWDOWN);

  public Trust {
    if (!(ciTarget > 0 && ciTarget < 1)) {
      throw new IllegalArgumentException(
          "--ci-target must be in (0, 1) (0.03 = ±3%), got " + ciTarget);
    }
    if (!(capSeconds > 0)) {
      throw new IllegalArgumentException("--case-cap must be > 0 s, got " + capSeconds);
    }
    if (!(maxOtherShare > 0 && maxOtherShare <= 1)) {
      throw new IllegalArgumentException(
          "--max-other-cpu must be in (0, 1] (0.2 = 20% of the CPU), got " + maxOtherShare);
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("--attempts must be >= 1, got " + attempts);
    }
    if (!(minSeconds >= 0)) {
      throw new IllegalArgumentException("--case-min must be >= 0 s, got " + minSeconds);
    }
    if (!(maxSlowdown > 0)) {
      throw new IllegalArgumentException(
          "--max-slowdown must be > 0 (0.1 = 10% slower than the machine's fastest; 1 = no"
              + " control), got "
              + maxSlowdown);
    }
    if (forks < 1 || forks > MAX_FORKS) {
      throw new IllegalArgumentException(
          "--forks must be 1.." + MAX_FORKS + " (2 = two processes must agree), got " + forks);
    }
  }

  /** The default speed control's limit. */
  public Trust(
      double ciTarget,
      double capSeconds,
      double maxOtherShare,
      int attempts,
      double minSeconds,
      int forks) {
    this(ciTarget, capSeconds, maxOtherShare, attempts, minSeconds, forks, DEFAULT_MAX_SLOWDOWN);
  }

  /**
   * Whether a speed control is timed between the runs and sets runs aside ({@link SpeedControl}):
   * opt-in, a {@code maxSlowdown} below 1.
   */
  public boolean controlled() {
    return maxSlowdown < 1 && maxOtherShare < 1;
  }

  /** One fork per case (tests of the harness itself). */
  public Trust(
      double ciTarget, double capSeconds, double maxOtherShare, int attempts, double minSeconds) {
    this(ciTarget, capSeconds, maxOtherShare, attempts, minSeconds, 1);
  }

  /** One fork, without a minimum time of measured runs (tests of the harness itself). */
  public Trust(double ciTarget, double capSeconds, double maxOtherShare, int attempts) {
    this(ciTarget, capSeconds, maxOtherShare, attempts, 0);
  }

  /** Most forks a case gets: {@link #forks}, and one more per attempt after the first. */
  public int maxForks() {
    return forks + attempts - 1;
  }

  /** The rule in words, for reports. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "valid: ok, at least the minimum runs kept, median's 95%% interval within ±%.1f%%"
            + " (measured for at least %.0f s, then until then or %.0f s), runs taken while other"
            + " processes used over %.0f%% of the CPU, or whose threads waited for a CPU over"
            + " %.0f%% of the run more than usual, set aside%s; %s; up to %d attempts per case",
        100 * ciTarget,
        Math.min(minSeconds, capSeconds),
        capSeconds,
        100 * maxOtherShare,
        100 * ciTarget,
        controlled()
            ? String.format(
                Locale.ROOT,
                ", and runs taken while a control model timed between them ran over %.0f%% slower"
                    + " than its fastest on this machine",
                100 * maxSlowdown)
            : "",
        forks == 1
            ? "one process per case"
            : forks
                + " processes per case, measured apart, whose medians agree within that interval",
        attempts);
  }
}
