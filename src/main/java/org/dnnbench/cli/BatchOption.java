package org.dnnbench.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** The shared {@code --batch} option. */
final class BatchOption {
  @Option(
      names = {"-b", "--batch"},
      paramLabel = "N",
      split = ",",
      defaultValue = Defaults.BATCHES,
      converter = Converters.BatchSize.class,
      description = "Batch sizes, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> batches;
}
