package org.dnnbench.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.app.AnalyzeService;
import org.dnnbench.app.ModelSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dnnbench summary ID}: the per-layer table. */
@Command(
    name = "summary",
    description = {
      "Print a model's layers in execution order: name, op, attributes, per-image output shape,"
          + " parameters and MACs; the last row holds the totals.",
      "",
      "Example: dnnbench summary resnet18"
    })
final class SummaryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin FormatOption format;
  @Mixin ConventionOption convention;
  @Mixin InputOption inputs;

  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "A catalog id (see 'dnnbench models') or an ONNX file (FILE.onnx).")
  String model;

  @Override
  public Integer call() {
    var a =
        Analyzer.analyze(
            ModelSource.resolve(model, inputs.options()), convention.convention, List.of(1));
    AnalyzeService.notes(List.of(a)).forEach(spec.commandLine().getErr()::println);
    spec.commandLine().getOut().print(format.format.render(AnalyzeService.layerTable(a)));
    return 0;
  }
}
