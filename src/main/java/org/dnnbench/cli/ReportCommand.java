package org.dnnbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dnnbench.app.ReportJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dnnbench report}: figures, tables, findings and the HTML page from stored results. */
@Command(
    name = "report",
    description = {
      "Draw the report from stored results only (nothing is measured): per machine how many cases"
          + " are valid and what is missing, the study's figures as PNG and SVG, tables as CSV, the"
          + " study's six findings (those of the catalog once, for the study's models and all"
          + " catalog models; the measured ones per machine), and one self-contained HTML page"
          + " (OUT/report.html) that opens offline.",
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
      spec.commandLine().getOut().print(ReportJob.summary(ReportJob.write(s, out), out));
    }
    return ExitCodes.OK;
  }
}
