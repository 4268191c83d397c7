package org.dnnbench.cli;

import java.util.List;
import java.util.Locale;
import org.dnnbench.zoo.Catalog;
import org.dnnbench.zoo.ModelInfo.Era;
import picocli.CommandLine.Option;

/** Which catalog models {@code run} benchmarks: a suite, or the ids given. */
final class SuiteOptions {
  @Option(
      names = "--suite",
      paramLabel = "NAME",
      defaultValue = Defaults.SUITE,
      description =
          "Which models to benchmark: default ("
              + Defaults.MODELS
              + "), paper (all 42 of"
              + " the study), modern (the catalog's later models) or all (default:"
              + " ${DEFAULT-VALUE}).")
  String suite;

  @Option(
      names = "--models",
      paramLabel = "ID[,ID...]",
      split = ",",
      description = "Benchmark these catalog ids instead of a suite.")
  List<String> models;

  /** The selected catalog ids; an unknown id or suite is a one-line error naming the valid ones. */
  List<String> selection() {
    if (models != null && !models.isEmpty()) {
      models.forEach(Catalog.standard()::info); // unknown ids fail, naming the valid ones
      return models;
    }
    return switch (suite.toLowerCase(Locale.ROOT)) {
      case "default" -> org.dnnbench.config.Defaults.DEFAULT_MODELS;
      case "paper" -> Catalog.standard().ids(Era.STUDY);
      case "modern" -> Catalog.standard().ids(Era.LATER);
      case "all" -> Catalog.standard().ids();
      default ->
          throw new IllegalArgumentException(
              "unknown suite '" + suite + "'; valid: default, paper, modern, all");
    };
  }
}
