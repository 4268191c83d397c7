package org.dnnbench.cli;

import org.dnnbench.analysis.MacConvention;
import picocli.CommandLine.Option;

/** The shared {@code --convention} option. */
final class ConventionOption {
  @Option(
      names = "--convention",
      paramLabel = "NAME",
      defaultValue = Defaults.CONVENTION,
      converter = Converters.Convention.class,
      description = {
        "How MACs are counted (default: ${DEFAULT-VALUE}):",
        "  torchvision  convolutions (kh*kw*Cin/groups*Cout*Hout*Wout), fully connected"
            + " layers (in*out) and every matrix product between activations (attention's"
            + " QK^T and AV, einsums), no bias adds",
        "  study        the study's counter: convolutions only, bias adds as half a MAC / groups"
      })
  MacConvention convention;
}
