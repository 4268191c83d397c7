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
 * @param maxCv the validity threshold used (coefficient of variation)
 * @param cases the case results
 */
public record BenchRun(Environment environment, double maxCv, List<CaseResult> cases) {
  public BenchRun {
    Objects.requireNonNull(environment, "environment");
    cases = List.copyOf(cases);
  }

  /** Whether every case ended ok. */
  public boolean allOk() {
    return cases.stream().allMatch(c -> c.status() == CaseStatus.OK);
  }
}
