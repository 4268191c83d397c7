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
 *   <li><b>Warm-up</b>: at least {@code minWarmup} runs and {@code warmupMinSeconds}, then until
 *       steady: the median of the last {@value #STEADY_WINDOW} runs is within {@code
 *       warmupTolerance} of the median of the {@value #STEADY_WINDOW} before them. It stops
 *       unsteady after {@code maxWarmup} runs (once its minimum time has passed) or a third of
 *       {@code capSeconds} (half of {@code hardSeconds} when that is sooner), at least one run.
 *   <li><b>Measured runs</b>: at least {@code minRuns} (the study's 10) and {@code minSeconds} (so
 *       that a case of short runs samples the machine over several windows, not one moment), then
 *       until the interval's relative half-width is at most {@code targetHalfWidth}; or until
 *       {@code capSeconds} of measured runs have passed (the interval may then be wider than the
 *       target); or {@code maxRuns}. {@code hardSeconds} (a budget's limit, 0 for none) stops the
 *       case whatever it has; with fewer than {@code minRuns} runs the case is cut short.
 *   <li><b>Kept runs</b>: an {@link Attribution} may set runs aside (those taken while other
 *       processes used too much of the CPU: {@link RunWindows}); the minimum runs, the interval and
 *       the stop use the kept runs only, so a case goes on measuring (within its cap) until its
 *       kept runs meet the target.
 *   <li>The interval is checked once the minimum runs and time are reached, then each time the kept
 *       runs have grown by a factor {@value #CHECK_GROWTH} (10, 12, 15, 18, 22, ... runs): few
 *       looks keep the chance small that noise happens to look tight at one of them (optional
 *       stopping), and a case of short runs costs little to check.
 * </ul>
 *
 * @param minWarmup fewest warm-up runs (the study: 10)
 * @param maxWarmup most warm-up runs (once {@code warmupMinSeconds} have passed)
 * @param warmupTolerance steadiness tolerance, relative (e.g. 0.05)
 * @param minRuns fewest measured (kept) runs (the study: 10)
 * @param maxRuns most measured runs
 * @param targetHalfWidth the interval's target relative half-width (default 0.03, i.e. ±3%)
 * @param capSeconds time cap of the measured runs, seconds
 * @param hardSeconds hard limit of the whole case (warm-up and measured runs), seconds; 0 for none
 * @param warmupMinSeconds fewest seconds of warm-up (within the warm-up's cap)
 * @param minSeconds fewest seconds of measured runs (within {@code capSeconds} and {@code
 *     hardSeconds})
 */
public record StoppingRule(
    int minWarmup,
    int maxWarmup,
    double warmupTolerance,
    int minRuns,
    int maxRuns,
    double targetHalfWidth,
    double capSeconds,
    double hardSeconds,
    double warmupMinSeconds,
    double minSeconds) {

  /** Runs compared to tell a steady warm-up. */
  public static final int STEADY_WINDOW = 5;

  /** The interval is checked again once the runs have grown by this factor. */
  static final double CHECK_GROWTH = 1.2;

  public static final double DEFAULT_TARGET = 0.03;
  public static final double DEFAULT_CAP_SECONDS = 15;

  /** Default fewest seconds of measured runs; the warm-up's is half of it. */
  public static final double DEFAULT_MIN_SECONDS = 2;

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
    if (!(warmupMinSeconds >= 0) || !(minSeconds >= 0)) {
      throw new IllegalArgumentException(
          "minimum times must be >= 0 s, got " + warmupMinSeconds + ", " + minSeconds);
    }
  }

  /** A rule without minimum times (the old constructor's components). */
  public StoppingRule(
      int minWarmup,
      int maxWarmup,
      double warmupTolerance,
      int minRuns,
      int maxRuns,
      double targetHalfWidth,
      double capSeconds,
      double hardSeconds) {
    this(
        minWarmup,
        maxWarmup,
        warmupTolerance,
        minRuns,
        maxRuns,
        targetHalfWidth,
        capSeconds,
        hardSeconds,
        0,
        0);
  }

  /**
   * The defaults around the study's counts: {@code warmup} and {@code runs} as minimums, no minimum
   * time ({@link #withMinSeconds} adds it).
   */
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

  private StoppingRule with(double target, double cap, double hard, double warmMin, double min) {
    return new StoppingRule(
        minWarmup, maxWarmup, warmupTolerance, minRuns, maxRuns, target, cap, hard, warmMin, min);
  }

  public StoppingRule withTarget(double halfWidth) {
    return with(halfWidth, capSeconds, hardSeconds, warmupMinSeconds, minSeconds);
  }

  public StoppingRule withCapSeconds(double seconds) {
    return with(targetHalfWidth, seconds, hardSeconds, warmupMinSeconds, minSeconds);
  }

  public StoppingRule withHardSeconds(double seconds) {
    return with(targetHalfWidth, capSeconds, seconds, warmupMinSeconds, minSeconds);
  }

  /** At least {@code seconds} of measured runs and half of it of warm-up. */
  public StoppingRule withMinSeconds(double seconds) {
    return with(targetHalfWidth, capSeconds, hardSeconds, seconds / 2, seconds);
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
   * Which measured runs count: told of every run after it ended (outside its timing), it decides
   * for the runs up to some point whether each is kept or set aside ({@link RunWindows}).
   */
  public interface Attribution {
    /** Before the first measured run. */
    void start();

    /** After each measured run; {@code runs} have been done. */
    void afterRun(int runs);

    /** After the last measured run: decides every run. */
    void finish(int runs);

    /** Runs decided so far (the first ones). */
    int decided();

    /** Whether decided run {@code run} (0-based) is kept. */
    boolean kept(int run);

    /** Windows whose machine state could be read (0: attribution unknown, every run kept). */
    int knownWindows();
  }

  /**
   * Two attributions as one: a run is kept when both keep it and decided when both have decided it;
   * each is told of every run, {@code first} before {@code second}; the known windows are those of
   * {@code windows}, the one of the two that reads the machine's state ({@link RunWindows}).
   */
  static Attribution both(Attribution first, Attribution second, Attribution windows) {
    return new Attribution() {
      @Override
      public void start() {
        first.start();
        second.start();
      }

      @Override
      public void afterRun(int runs) {
        first.afterRun(runs);
        second.afterRun(runs);
      }

      @Override
      public void finish(int runs) {
        first.finish(runs);
        second.finish(runs);
      }

      @Override
      public int decided() {
        return Math.min(first.decided(), second.decided());
      }

      @Override
      public boolean kept(int run) {
        return first.kept(run) && second.kept(run);
      }

      @Override
      public int knownWindows() {
        return windows.knownWindows();
      }
    };
  }

  /**
   * Runs that {@code keptBy} kept and {@code setAsideBy} set aside, among those both decided: what
   * one rule set aside on its own.
   */
  static int setAsideOnlyBy(Attribution keptBy, Attribution setAsideBy) {
    int n = 0;
    for (int i = 0; i < Math.min(keptBy.decided(), setAsideBy.decided()); i++) {
      if (keptBy.kept(i) && !setAsideBy.kept(i)) {
        n++;
      }
    }
    return n;
  }

  /** Every run kept, decided as soon as it ends (no attribution). */
  static Attribution keepAll() {
    return new Attribution() {
      private int runs;

      @Override
      public void start() {}

      @Override
      public void afterRun(int n) {
        runs = n;
      }

      @Override
      public void finish(int n) {
        runs = n;
      }

      @Override
      public int decided() {
        return runs;
      }

      @Override
      public boolean kept(int run) {
        return true;
      }

      @Override
      public int knownWindows() {
        return 0;
      }
    };
  }

  /**
   * What the rule measured.
   *
   * @param warmupMs the warm-up runs' times
   * @param timesMs the kept measured runs' times (the statistics are over these)
   * @param warmupSteady whether the warm-up ended steady (not by its cap)
   * @param stop why the measured runs stopped
   * @param interval the median's interval over the kept runs (null without any)
   * @param cutShort fewer than {@code minRuns} measured runs in all (a hard limit stopped it)
   * @param setAsideMs the measured runs set aside by the attribution
   * @param knownWindows windows whose machine state could be read (0: attribution unknown)
   */
  public record Outcome(
      List<Double> warmupMs,
      List<Double> timesMs,
      boolean warmupSteady,
      Stop stop,
      MedianInterval interval,
      boolean cutShort,
      List<Double> setAsideMs,
      int knownWindows) {
    public Outcome {
      warmupMs = List.copyOf(warmupMs);
      timesMs = List.copyOf(timesMs);
      setAsideMs = List.copyOf(setAsideMs);
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
   * Runs {@code run} as the rule says, every run kept; {@code clock} gives nanoseconds (the
   * caller's {@link System#nanoTime}, a fake in tests); {@code onMeasuring} is called once, before
   * the first measured run (the machine sampler's mark).
   */
  public Outcome measure(Run run, LongSupplier clock, Runnable onMeasuring) throws Exception {
    return measure(run, clock, onMeasuring, keepAll());
  }

  /** As {@link #measure(Run, LongSupplier, Runnable)}, the kept runs decided by {@code kept}. */
  public Outcome measure(Run run, LongSupplier clock, Runnable onMeasuring, Attribution kept)
      throws Exception {
    long t0 = clock.getAsLong();
    long hardNs = hardSeconds > 0 ? (long) (hardSeconds * 1e9) : Long.MAX_VALUE;
    long warmCapNs = (long) (capSeconds * 1e9 / 3);
    if (hardSeconds > 0) {
      warmCapNs = Math.min(warmCapNs, hardNs / 2);
    }
    long warmMinNs = Math.min((long) (warmupMinSeconds * 1e9), warmCapNs);
    var warm = new ArrayList<Double>();
    boolean steady = false;
    while (true) {
      long spent = clock.getAsLong() - t0;
      boolean minDone = warm.size() >= minWarmup && spent >= warmMinNs;
      if (minDone && (minWarmup == 0 && warmMinNs == 0 || steady(warm))) {
        steady = true;
        break;
      }
      if (minDone && warm.size() >= maxWarmup) {
        break;
      }
      if (!warm.isEmpty() && spent >= warmCapNs) {
        break;
      }
      warm.add(run.timeMs());
    }
    if (!steady && warm.size() >= minWarmup && (minWarmup == 0 || steady(warm))) {
      steady = true;
    }
    onMeasuring.run();
    kept.start();
    long m0 = clock.getAsLong();
    long capNs = (long) (capSeconds * 1e9);
    long minNs = Math.min((long) (minSeconds * 1e9), capNs);
    var times = new ArrayList<Double>();
    var keptTimes = new ArrayList<Double>();
    int seen = 0; // runs decided and sorted into keptTimes
    Stop stop;
    int nextCheck = minRuns;
    while (true) {
      int n = times.size();
      for (; seen < kept.decided(); seen++) {
        if (kept.kept(seen)) {
          keptTimes.add(times.get(seen));
        }
      }
      int k = keptTimes.size();
      long now = clock.getAsLong();
      if (n >= 1 && now - t0 >= hardNs) {
        stop = Stop.HARD_LIMIT;
        break;
      }
      if (n >= maxRuns) {
        stop = Stop.MAX_RUNS;
        break;
      }
      if (k >= minRuns && k >= nextCheck && now - m0 >= minNs) {
        if (interval(keptTimes).relativeHalfWidth() <= targetHalfWidth) {
          stop = Stop.PRECISE;
          break;
        }
        nextCheck = Math.max(k + 1, (int) Math.ceil(k * CHECK_GROWTH));
      }
      if (n >= minRuns && now - m0 >= capNs) {
        stop = Stop.TIME_CAP;
        break;
      }
      times.add(run.timeMs());
      kept.afterRun(times.size());
    }
    kept.finish(times.size());
    keptTimes.clear();
    var aside = new ArrayList<Double>();
    for (int i = 0; i < times.size(); i++) {
      (i >= kept.decided() || kept.kept(i) ? keptTimes : aside).add(times.get(i));
    }
    MedianInterval ci = keptTimes.isEmpty() ? null : interval(keptTimes);
    return new Outcome(
        warm, keptTimes, steady, stop, ci, times.size() < minRuns, aside, kept.knownWindows());
  }

  private static MedianInterval interval(List<Double> times) {
    return MedianInterval.of(times.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The rule in words, for reports. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "warm-up %d..%d runs and at least %.1f s until steady (±%.0f%%), then at least %d runs"
            + " and %.1f s until the median's 95%% interval is within ±%.1f%% or %.0f s",
        minWarmup,
        maxWarmup,
        warmupMinSeconds,
        100 * warmupTolerance,
        minRuns,
        minSeconds,
        100 * targetHalfWidth,
        capSeconds);
  }
}
