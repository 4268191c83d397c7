package org.dnnbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.store.ResultsExchange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dnnbench results}: export the store; {@code dnnbench results import FILE}: import one. */
@Command(
    name = "results",
    description = {
      "Export every stored result (benchmark cases with their environment, analyses, memory"
          + " estimates, measured accuracies and the published reference accuracies, column"
          + " 'record' says which) as CSV or JSON, to merge into another machine's store with"
          + " 'dnnbench results import'.",
      "",
      "Example: dnnbench results --format json > board.json"
    },
    subcommands = {ResultsCommand.Import.class})
final class ResultsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StoreOption store;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = Defaults.RESULTS_FORMAT,
      converter = Converters.Format.class,
      description =
          "csv, json, table or markdown (default: ${DEFAULT-VALUE}); import reads csv and json.")
  OutputFormat format;

  @Override
  public Integer call() {
    try (var s = store.openExisting()) {
      spec.commandLine().getOut().print(format.render(ResultsExchange.export(s)));
    }
    return ExitCodes.OK;
  }

  /** {@code dnnbench results import FILE}. */
  @Command(
      name = "import",
      description = {
        "Import a CSV or JSON export of 'dnnbench results' from another machine into the store."
            + " The whole file is checked first: one bad row (named with its line) refuses it and"
            + " nothing is changed; then all rows are written in one transaction. Each row"
            + " replaces exactly the stored row with its key; published reference rows are"
            + " skipped (every store has them).",
        "",
        "Example: dnnbench results import board.json --store shared.db"
      })
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Parameters(index = "0", paramLabel = "FILE", description = "A CSV or JSON export.")
    Path file;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("no such file: " + file);
      }
      // every row is read and checked before the store is even opened: a bad file changes nothing
      ResultsExchange.Parsed parsed = ResultsExchange.read(file);
      try (var s = store.open()) {
        s.putAll(parsed.batch());
        var n = parsed.counts();
        spec.commandLine()
            .getOut()
            .printf(
                java.util.Locale.ROOT,
                "imported %d rows into %s: %d benchmark cases, %d analyses, %d memory estimates, %d measured accuracies"
                    + " (%d published reference rows skipped)%n",
                n.total(),
                s.location(),
                n.bench(),
                n.analyses(),
                n.memoryEstimates(),
                n.accuracies(),
                n.publishedSkipped());
      }
      return ExitCodes.OK;
    }
  }
}
