package org.dnnbench.cli;

/**
 * Every default of the command line in one place; help texts quote them with picocli's {@code
 * ${DEFAULT-VALUE}}.
 */
final class Defaults {
  private Defaults() {}

  /** The study's batch sizes. */
  static final String BATCHES = "1,2,4,8,16,32,64";

  static final String FORMAT = "table";

  static final String CONVENTION = "torchvision";

  /** Where {@code dnnbench report} writes, relative to the working directory. */
  static final String REPORT_DIR = "dnnbench-report";

  /** Format of {@code dnnbench results}. */
  static final String RESULTS_FORMAT = "csv";

  /** Batch size {@code dnnbench recommend} reads speed and memory at. */
  static final String RECOMMEND_BATCH = "1";
}
