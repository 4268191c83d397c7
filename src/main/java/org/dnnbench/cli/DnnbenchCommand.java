package org.dnnbench.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The root command: a list of subcommands. */
@Command(
    name = "dnnbench",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = VersionProvider.class,
    description = {
      "Benchmark deep neural network architectures on this machine, as the study \"Benchmark"
          + " Analysis of Representative Deep Neural Network Architectures\" (Bianco et al., IEEE"
          + " Access 2018) did: accuracy, parameters, multiply-adds, memory and inference time"
          + " per batch size.",
      ""
    },
    subcommands = {
      RunCommand.class,
      ModelsCommand.class,
      AnalyzeCommand.class,
      SummaryCommand.class,
      ExportCommand.class,
      QuantizeCommand.class,
      BenchCommand.class,
      AccuracyCommand.class,
      ResultsCommand.class,
      ReportCommand.class,
      RecommendCommand.class,
    },
    footer = {"", "Run 'dnnbench COMMAND --help' for a command's options and defaults."})
final class DnnbenchCommand {}
