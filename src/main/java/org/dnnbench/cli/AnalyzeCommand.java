package org.dnnbench.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.dnnbench.app.AnalyzeRequest;
import org.dnnbench.app.AnalyzeService;
import org.dnnbench.measure.Exports;
import org.dnnbench.store.AnalysisRecord;
import org.dnnbench.zoo.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dnnbench analyze}: parameters, MACs and memory estimates, no inference. */
@Command(
    name = "analyze",
    description = {
      "Compute each model's complexity without running it: trainable parameters, parameter-file"
          + " size (MB, fp32, batch-norm statistics included), multiply-accumulates and FLOPs"
          + " (2 x MACs) per image, and the estimated memory (weights + peak live activations,"
          + " MB) at each batch size.",
      "",
      "Example: dnnbench analyze resnet50 mobilenet_v2 --batch 1,8 --format csv"
    })
final class AnalyzeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin FormatOption format;

  @Parameters(
      paramLabel = "MODEL",
      arity = "0..*",
      description = "Catalog ids (see 'dnnbench models') or ONNX files (FILE.onnx).")
  List<String> models = List.of();

  @Option(names = "--all", description = "Analyze every model of the catalog.")
  boolean all;

  @Mixin BatchOption batch;

  @Mixin ConventionOption convention;

  @Mixin InputOption inputs;

  @Option(
      names = "--save",
      description =
          "Also save the analyses in the results store (--store, else the default store).")
  boolean save;

  @Mixin StoreOption store;

  @Override
  public Integer call() {
    List<String> ids = all ? Catalog.standard().ids() : models;
    if (ids.isEmpty()) {
      throw new IllegalArgumentException(
          "name at least one model (see 'dnnbench models') or use --all");
    }
    var request = new AnalyzeRequest(ids, convention.convention, batch.batches, inputs.options());
    var analyzed = AnalyzeService.analyzeWithSizes(request);
    var analyses = analyzed.analyses();
    if (save || store.store != null) {
      try (var results = store.open()) {
        for (int i = 0; i < analyses.size(); i++) {
          results.putAnalysis(
              AnalysisRecord.of(analyses.get(i), Exports.caseInput(ids.get(i), request.inputs())));
        }
        spec.commandLine().getErr().println("analyses stored in " + results.location());
      }
    }
    AnalyzeService.notes(analyses).forEach(spec.commandLine().getErr()::println);
    spec.commandLine()
        .getOut()
        .print(
            format.format.render(
                AnalyzeService.summaryTable(
                    analyses, request.batches(), analyzed.int8ParamBytes())));
    return 0;
  }
}
