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
}
