package org.dnnbench.cli;

import org.dnnbench.format.OutputFormat;
import picocli.CommandLine.Option;

/** The shared {@code --format} option. */
final class FormatOption {
  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = Defaults.FORMAT,
      converter = Converters.Format.class,
      description = "Output format: table, csv, json or markdown (default: ${DEFAULT-VALUE}).")
  OutputFormat format;
}
