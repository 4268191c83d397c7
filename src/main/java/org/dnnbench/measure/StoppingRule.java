package org.dnnbench.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * When a case has measured enough: warm up until the times are steady, then measure at least {@code
 * minRuns} runs and go on until the median's 95% confidence interval ({@link MedianInterval}) is
 * within {@code targetHalfWidth} of the median, or the time cap is reached.
 *
 * <ul>
 *   <li><b>Warm-up</b>: at least {@code minWarmup} runs, then until steady: the median of the last
 *       {@value #STEADY_WINDOW} runs is within {@code warmupTolerance} of the median of the {@value
 *       #STEADY_WINDOW} before them. It stops unsteady after {@code maxWarmup} runs or a third of
 *       {@code capSeconds} (half of {@code hardSeconds} when that is sooner), at least one run.
 *   <li><b>Measured runs</b>: at least {@code minRuns} (the study's 10), then until the interval's
 *       relative half-width is at most {@code targetHalfWidth}; or until {@code capSeconds} of
 *       measured runs have passed (the interval may then be wider than the target); or {@code
 *       maxRuns}. {@code hardSeconds} (a budget's limit, 0 for none) stops the case whatever it
 *       has; with fewer than {@code minRuns} runs the case is cut short.
 *   <li>The interval is checked at {@code minRuns} runs, then each time the runs have grown by a
 *       factor {@value #CHECK_GROWTH} (10, 12, 15, 18, 22, ... runs): few looks keep the chance
 *       small that noise happens to look tight at one of them (optional stopping), and a case of
 *       short runs costs little to check.
 * </ul>
 *
 * @param minWarmup fewest warm-up runs (the study: 10)
 * @param maxWarmup most warm-up runs
 * @param warmupTolerance steadiness tolerance, relative (e.g. 0.05)
 * @param minRuns fewest measured runs (the study: 10)
 * @param maxRuns most measured runs
 * @param targetHalfWidth the interval's target relative half-width (default 0.03, i.e. ±3%)
 * @param capSeconds time cap of the measured runs, seconds
 * @param hardSeconds hard limit of the whole case (warm-up and measured runs), seconds; 0 for none
 */
public record StoppingRule(
    int minWarmup,
    int maxWarmup,
    double warmupTolerance,
    int minRuns,
    int maxRuns,
    double targetHalfWidth,
    double capSeconds,
    double hardSeconds) {

  /** Runs compared to tell a steady warm-up. */
  public static final int STEADY_WINDOW = 5;

  /** The interval is checked again once the runs have grown by this factor. */
  static final double CHECK_GROWTH = 1.2;

  public static final double DEFAULT_TARGET = 0.03;
  public static final double DEFAULT_CAP_SECONDS = 15;
  public static final int DEFAULT_MAX_WARMUP = 50;
  public static final double DEFAULT_WARMUP_TOLERANCE = 0.05;
  public static final int DEFAULT_MAX_RUNS = 100_000;

  public StoppingRule {
    if (minWarmup < 0 || maxWarmup < minWarmup) {
      throw new IllegalArgumentException(
          "warm-up runs must satisfy 0 <= min <= max, got " + minWarmup + ", " + maxWarmup);
    }
    if (minRuns < 1 || maxRuns < minRuns) {
      throw new IllegalArgumentException(
          "measured runs must satisfy 1 <= min <= max, got " + minRuns + ", " + maxRuns);
    }
    if (!(targetHalfWidth > 0)) {
      throw new IllegalArgumentException(
          "the interval's target half-width must be > 0, got " + targetHalfWidth);
    }
    if (!(capSeconds > 0) || !(hardSeconds >= 0) || !(warmupTolerance > 0)) {
      throw new IllegalArgumentException(
          "time cap must be > 0 s, hard limit >= 0 s, tolerance > 0; got "
              + capSeconds
              + ", "
              + hardSeconds
              + ", "
              + warmupTolerance);
    }
  }

  /** The defaults around the study's counts: {@code warmup} and {@code runs} as minimums. */
  public static StoppingRule of(int minWarmup, int minRuns) {
    return new StoppingRule(
        minWarmup,
        Math.max(minWarmup, DEFAULT_MAX_WARMUP),
        DEFAULT_WARMUP_TOLERANCE,
        minRuns,
        Math.max(minRuns, DEFAULT_MAX_RUNS),
        DEFAULT_TARGET,
        DEFAULT_CAP_SECONDS,
        0);
  }

  public StoppingRule withTarget(double halfWidth) {
    return new StoppingRule(
        minWarmup,
        maxWarmup,
        warmupTolerance,
        minRuns,
        maxRuns,
        halfWidth,
        capSeconds,
        hardSeconds);
  }

  public StoppingRule withCapSeconds(double seconds) {
    return new StoppingRule(
        minWarmup,
        maxWarmup,
        warmupTolerance,
        minRuns,
        maxRuns,
        targetHalfWidth,
        seconds,
        hardSeconds);
  }

  public StoppingRule withHardSeconds(double seconds) {
    return new StoppingRule(
        minWarmup,
        maxWarmup,
        warmupTolerance,
        minRuns,
        maxRuns,
        targetHalfWidth,
        capSeconds,
        seconds);
  }

  /** Why the measured runs stopped. */
  public enum Stop {
    /** the interval reached its target */
    PRECISE("interval within target"),
    /** the time cap passed first */
    TIME_CAP("time cap reached"),
    /** the most runs allowed */
    MAX_RUNS("run limit reached"),
    /** the hard limit passed */
    HARD_LIMIT("hard time limit reached");

    private final String text;

    Stop(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** One timed run, returning its time in milliseconds. */
  @FunctionalInterface
  public interface Run {
    double timeMs() throws Exception;
  }

  /**
   * What the rule measured.
   *
   * @param warmupMs the warm-up runs' times
   * @param timesMs the measured runs' times
   * @param warmupSteady whether the warm-up ended steady (not by its cap)
   * @param stop why the measured runs stopped
   * @param interval the median's interval over the measured runs (null without any)
   * @param cutShort fewer than {@code minRuns} measured runs
   */
  public record Outcome(
      List<Double> warmupMs,
      List<Double> timesMs,
      boolean warmupSteady,
      Stop stop,
      MedianInterval interval,
      boolean cutShort) {
    public Outcome {
      warmupMs = List.copyOf(warmupMs);
      timesMs = List.copyOf(timesMs);
    }
  }

  /** Whether warm-up times are steady (see the class comment). */
  boolean steady(List<Double> warm) {
    int w = Math.min(STEADY_WINDOW, warm.size() / 2);
    if (w < 1) {
      return false;
    }
    int n = warm.size();
    double last = median(warm.subList(n - w, n));
    double prev = median(warm.subList(n - 2 * w, n - w));
    return Math.abs(last - prev) <= warmupTolerance * prev;
  }

  private static double median(List<Double> v) {
    return Statistics.quantile(v.stream().mapToDouble(Double::doubleValue).toArray(), 0.5);
  }

  /**
   * Runs {@code run} as the rule says; {@code clock} gives nanoseconds (the caller's {@link
   * System#nanoTime}, a fake in tests); {@code onMeasuring} is called once, before the first
   * measured run (the machine sampler's mark).
   */
  public Outcome measure(Run run, LongSupplier clock, Runnable onMeasuring) throws Exception {
    long t0 = clock.getAsLong();
    long hardNs = hardSeconds > 0 ? (long) (hardSeconds * 1e9) : Long.MAX_VALUE;
    long warmCapNs = (long) (capSeconds * 1e9 / 3);
    if (hardSeconds > 0) {
      warmCapNs = Math.min(warmCapNs, hardNs / 2);
    }
    var warm = new ArrayList<Double>();
    boolean steady = false;
    while (warm.size() < maxWarmup) {
      if (warm.size() >= minWarmup && (minWarmup == 0 || steady(warm))) {
        steady = true;
        break;
      }
      if (!warm.isEmpty() && clock.getAsLong() - t0 >= warmCapNs) {
        break;
      }
      warm.add(run.timeMs());
    }
    if (!steady && warm.size() >= minWarmup && (minWarmup == 0 || steady(warm))) {
      steady = true;
    }
    onMeasuring.run();
    long m0 = clock.getAsLong();
    long capNs = (long) (capSeconds * 1e9);
    var times = new ArrayList<Double>();
    Stop stop;
    MedianInterval ci = null;
    int nextCheck = minRuns;
    while (true) {
      int n = times.size();
      long now = clock.getAsLong();
      if (n >= 1 && now - t0 >= hardNs) {
        stop = Stop.HARD_LIMIT;
        break;
      }
      if (n >= maxRuns) {
        stop = Stop.MAX_RUNS;
        break;
      }
      if (n >= minRuns) {
        if (n >= nextCheck) {
          ci = interval(times);
          if (ci.relativeHalfWidth() <= targetHalfWidth) {
            stop = Stop.PRECISE;
            break;
          }
          nextCheck = Math.max(n + 1, (int) Math.ceil(n * CHECK_GROWTH));
        }
        if (now - m0 >= capNs) {
          stop = Stop.TIME_CAP;
          break;
        }
      }
      times.add(run.timeMs());
    }
    if (!times.isEmpty()) {
      ci = interval(times);
    }
    return new Outcome(warm, times, steady, stop, ci, times.size() < minRuns);
  }

  private static MedianInterval interval(List<Double> times) {
    return MedianInterval.of(times.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The rule in words, for reports. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "warm-up %d..%d runs until steady (±%.0f%%), then at least %d runs until the median's 95%%"
            + " interval is within ±%.1f%% or %.0f s",
        minWarmup,
        maxWarmup,
        100 * warmupTolerance,
        minRuns,
        100 * targetHalfWidth,
        capSeconds);
  }
}
