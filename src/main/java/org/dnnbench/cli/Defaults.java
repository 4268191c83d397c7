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

  /** Seed of random weights and inputs. */
  static final String SEED = "42";

  /** The study's warm-up and measured runs. */
  static final String WARMUP = "10";

  static final String RUNS = "10";

  /** A valid case: the median's interval within ±3%, others at most 20% of the CPU. */
  static final String CI_TARGET = "0.03";

  static final String CASE_CAP = "15";

  static final String MAX_OTHER_CPU = "0.2";

  static final String ATTEMPTS = "3";

  /** Per-case child limits. */
  static final String CASE_TIMEOUT = "1800";

  static final String CHILD_HEAP_MB = "2048";

  static final String PROVIDER = "cpu";

  static final String OPTIMIZATION = "all";
}
