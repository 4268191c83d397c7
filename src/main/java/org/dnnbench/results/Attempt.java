package org.dnnbench.results;

import java.util.Objects;

/**
 * Which attempt at a case a result is, and what it was measured with.
 *
 * @param number 1 for the first attempt of a sweep, 2 for its first retry, ...
 * @param source the command that measured it: {@code run} or {@code bench} (a {@code bench} result
 *     never replaces a {@code run} result that {@link AttemptSelection} prefers)
 * @param settings the settings that must match for a stored result to count as done (see {@link
 *     #settingsKey}); empty when unknown (rows from before attempts were stored)
 */
public record Attempt(int number, String source, String settings) {
  public static final String RUN = "run";
  public static final String BENCH = "bench";

  /** A result whose attempt is not known (older rows, tests). */
  public static final Attempt UNKNOWN = new Attempt(1, "", "");

  public Attempt {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(settings, "settings");
    if (number < 1) {
      throw new IllegalArgumentException("attempt number must be >= 1, got " + number);
    }
  }

  /**
   * The settings key: what a resumed run compares. Two results measured with different threads,
   * provider, optimization level, engine or engine version, or input shape are not the same case.
   */
  public static String settingsKey(
      int threads,
      String provider,
      String optimization,
      String engine,
      String engineVersion,
      String inputShape) {
    return "threads="
        + threads
        + ";provider="
        + provider
        + ";optimization="
        + optimization
        + ";engine="
        + engine
        + " "
        + engineVersion
        + ";input="
        + inputShape;
  }

  /** This attempt as a later one. */
  public Attempt next() {
    return new Attempt(number + 1, source, settings);
  }
}
