package org.dnnbench.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.dnnbench.app.Resume;
import org.dnnbench.app.RunRequest;
import org.dnnbench.measure.BenchRequest;
import picocli.CommandLine.Option;

/** {@code run}'s own options: the budget, where the report goes, what to measure again. */
final class RunOptions {
  @Option(
      names = "--budget",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = Converters.Budget.class,
      description =
          "Time budget for the benchmark cases, e.g. 90s, 5m, 2h (default: ${DEFAULT-VALUE})."
              + " Cases left when it is spent are measured by the next run.")
  Duration budget;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = Defaults.REPORT_DIR,
      description = "Where the report is written (default: ./${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--remeasure",
      paramLabel = "WHAT",
      defaultValue = "invalid",
      description =
          "What to measure again of what the store holds: invalid (cases without a valid attempt"
              + " with these settings) or all (default: ${DEFAULT-VALUE}).")
  String remeasure;

  /** The run of {@code bench} into the store at {@code storeUrl} under these options. */
  RunRequest request(BenchRequest bench, String storeUrl) {
    return new RunRequest(bench, budget, storeUrl, out, Resume.Remeasure.byId(remeasure));
  }
}
