package org.dnnbench.cli;

import java.util.List;
import org.dnnbench.results.Precision;
import picocli.CommandLine.Option;

/** The shared {@code --precision} option: one or more of fp32, int8, fp16. */
final class PrecisionOption {
  @Option(
      names = "--precision",
      paramLabel = "fp32,int8,fp16",
      defaultValue = "fp32",
      description =
          "Precisions, comma-separated: fp32 (as exported), int8 (static QDQ: weights int8 per"
              + " channel, activations uint8) or fp16 (default: ${DEFAULT-VALUE}).")
  String precision;

  /** The precisions asked for, in order, without duplicates. */
  List<Precision> precisions() {
    return Precision.parseList(precision);
  }
}
