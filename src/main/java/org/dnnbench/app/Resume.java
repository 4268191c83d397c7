package org.dnnbench.app;

import java.util.List;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;

/**
 * When a stored case counts as done, so that a resumed {@code run} measures only the rest: a
 * <b>valid</b> attempt exists that was measured with the <b>same settings</b> (threads, execution
 * provider, optimization level, engine and its version, input shape: {@link
 * org.dnnbench.results.Attempt#settingsKey}); or the case ran out of memory <b>twice</b> with those
 * settings ({@code oom} is final only when it repeats). Anything else — {@code error}, {@code
 * crashed}, {@code timeout}, cut short, invalid, one {@code oom}, other settings — is measured
 * again. {@code --remeasure all} counts nothing as done.
 */
public final class Resume {
  private Resume() {}

  /** What a run measures again. */
  public enum Remeasure {
    /** cases without a valid attempt with these settings (the default) */
    INVALID,
    /** every planned case */
    ALL;

    /** By its option value, with the valid ones named in the error. */
    public static Remeasure byId(String id) {
      for (Remeasure r : values()) {
        if (r.name().equalsIgnoreCase(id.trim())) {
          return r;
        }
      }
      throw new IllegalArgumentException(
          "unknown --remeasure '" + id + "'; valid: invalid (the default), all");
    }
  }

  /** Whether a case with these stored attempts is done for {@code settings}. */
  public static boolean done(List<CaseResult> attempts, String settings, Remeasure mode) {
    if (mode == Remeasure.ALL) {
      return false;
    }
    var same = attempts.stream().filter(a -> a.attempt().settings().equals(settings)).toList();
    if (same.stream().anyMatch(a -> a.status() == CaseStatus.OK && a.valid())) {
      return true;
    }
    return same.stream().filter(a -> a.status() == CaseStatus.OOM).count() >= 2;
  }
}
