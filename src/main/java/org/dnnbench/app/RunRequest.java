package org.dnnbench.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.dnnbench.measure.BenchRequest;

/**
 * The main job: analyze the whole catalog, benchmark {@code bench.models()} at {@code
 * bench.batches()} within {@code budget}, store every result, draw the report.
 *
 * @param bench what to benchmark and how (models, batches, runs, engine, machine label)
 * @param budget wall-clock budget for the benchmark cases; cases left when it is spent stay
 *     unmeasured and the same command measures them next time
 * @param storeUrl JDBC URL of the results store
 * @param reportDir where the report is written
 * @param remeasure what counts as done in the store ({@link Resume})
 */
public record RunRequest(
    BenchRequest bench,
    Duration budget,
    String storeUrl,
    Path reportDir,
    Resume.Remeasure remeasure) {
  public RunRequest {
    Objects.requireNonNull(bench, "bench");
    Objects.requireNonNull(storeUrl, "storeUrl");
    Objects.requireNonNull(reportDir, "reportDir");
    remeasure = remeasure == null ? Resume.Remeasure.INVALID : remeasure;
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("the budget must be positive, got " + budget);
    }
  }

  /** A request that re-measures only what is not valid. */
  public RunRequest(BenchRequest bench, Duration budget, String storeUrl, Path reportDir) {
    this(bench, budget, storeUrl, reportDir, Resume.Remeasure.INVALID);
  }
}
