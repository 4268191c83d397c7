package org.dnnbench.measure;

import java.util.List;
import java.util.Objects;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.Environment;

/**
 * The results of one sweep: where it ran and one result per (model, batch) case, in order.
 *
 * @param environment where it was measured
 * @param trust the validity rule and attempts used
 * @param cases per case the attempt that represents it ({@link
 *     org.dnnbench.results.AttemptSelection}), in order
 * @param attempts every attempt, in the order measured
 */
public record BenchRun(
    Environment environment, Trust trust, List<CaseResult> cases, List<CaseResult> attempts) {
  public BenchRun {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(trust, "trust");
    cases = List.copyOf(cases);
    attempts = List.copyOf(attempts);
  }

  /** Valid cases. */
  public long validCount() {
    return cases.stream().filter(CaseResult::valid).count();
  }

  /** Attempts made at the case of {@code c}. */
  public long attemptsOf(CaseResult c) {
    return attempts.stream().filter(a -> a.key().equals(c.key())).count();
  }

  /** Whether every case ended ok. */
  public boolean allOk() {
    return cases.stream().allMatch(c -> c.status() == CaseStatus.OK);
  }
}
