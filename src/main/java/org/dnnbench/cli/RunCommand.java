package org.dnnbench.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.MacConvention;
import org.dnnbench.app.AnalyzeRequest;
import org.dnnbench.app.AnalyzeService;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.zoo.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dnnbench run}: the main job. */
@Command(
    name = "run",
    description = {"The main job: analyze every catalog model and print the summary table."})
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    var ids = Catalog.standard().ids();
    var analyses = AnalyzeService.analyze(new AnalyzeRequest(ids, MacConvention.TORCHVISION, Analyzer.DEFAULT_BATCHES));
    out.print(OutputFormat.TABLE.render(AnalyzeService.summaryTable(analyses, Analyzer.DEFAULT_BATCHES)));
    out.printf(
        java.util.Locale.ROOT,
        "%nanalyzed %d models in %.0f ms (parameters, MACs, memory estimates; no inference yet)%n",
        analyses.size(),
        (System.nanoTime() - t0) / 1e6);
    return 0;
  }
}
