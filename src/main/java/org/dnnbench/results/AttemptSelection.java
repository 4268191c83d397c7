package org.dnnbench.results;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one rule that picks which of a case's attempts represents it: <b>valid first, then the
 * tightest interval, then the newest</b>. "Tightest" is the smallest relative half-width of the
 * median's 95% interval; an attempt without an interval (failed, or too few runs) ranks after every
 * attempt with one. Ties on all three keep the first attempt given.
 */
public final class AttemptSelection {
  /** The rule in words, for the README, reports and help texts. */
  public static final String RULE = "valid first, then the tightest interval, then the newest";

  private AttemptSelection() {}

  /**
   * What the rule looks at in an attempt.
   *
   * @param valid whether the attempt is valid
   * @param halfWidth relative half-width of its median's interval; NaN or infinite without one
   * @param measuredAt when it was measured (any increasing figure: epoch milliseconds, a sequence)
   */
  public record Rank(boolean valid, double halfWidth, long measuredAt) {
    double tightness() {
      return Double.isFinite(halfWidth) ? halfWidth : Double.POSITIVE_INFINITY;
    }
  }

  /** Best first. */
  public static final Comparator<Rank> BEST_FIRST =
      Comparator.comparing((Rank r) -> !r.valid())
          .thenComparingDouble(Rank::tightness)
          .thenComparing(Comparator.comparingLong(Rank::measuredAt).reversed());

  /** The attempt that represents the case; empty when there is none. */
  public static <T> Optional<T> pick(Collection<T> attempts, Function<T, Rank> rank) {
    T best = null;
    Rank bestRank = null;
    for (T a : attempts) {
      Rank r = rank.apply(a);
      if (best == null || BEST_FIRST.compare(r, bestRank) < 0) {
        best = a;
        bestRank = r;
      }
    }
    return Optional.ofNullable(best);
  }
}
