package org.dnnbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dnnbench.report.ReportService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dnnbench report}: figures, tables, findings and the HTML page from stored results. */
@Command(
    name = "report",
    description = {
      "Draw the report from stored results only (nothing is measured): the study's figures as PNG"
          + " and SVG, tables as CSV, the study's six findings re-tested on each machine, and one"
          + " self-contained HTML page (OUT/report.html) that opens offline.",
      "",
      "Example: dnnbench report --out /tmp/report && xdg-open /tmp/report/report.html"
    })
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StoreOption store;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = Defaults.REPORT_DIR,
      description = "Folder to write into (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() {
    org.dnnbench.app.OutputPaths.checkDirectory(out, "--out");
    try (var s = store.open()) {
      var o = ReportService.write(s, out);
      var w = spec.commandLine().getOut();
      w.printf("report: %s%n", o.html().toAbsolutePath());
      w.printf(
          "figures: %d (PNG and SVG) in %s%n",
          o.figures().size(), out.resolve("figures").toAbsolutePath());
      w.printf(
          "tables: %d CSV files in %s%n",
          o.tables().size(), out.resolve("tables").toAbsolutePath());
      for (var e : o.findings().entrySet()) {
        w.printf("findings on %s:%n", e.getKey());
        e.getValue()
            .forEach(f -> w.printf("  (%s) %s: %s%n", f.id(), f.verdict().text(), f.result()));
      }
    }
    return ExitCodes.OK;
  }
}
