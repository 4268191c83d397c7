package org.dnnbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dnnbench.app.ResultsJob;
import org.dnnbench.format.OutputFormat;
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
          + " 'dnnbench results import'. Yes/no columns (valid, cut_by_time) are true/false in"
          + " CSV and JSON, yes/no in table and markdown.",
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
      spec.commandLine().getOut().print(format.render(ResultsJob.export(s)));
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
      spec.commandLine().getOut().println(ResultsJob.importFile(file, store::open));
      return ExitCodes.OK;
    }
  }
}
