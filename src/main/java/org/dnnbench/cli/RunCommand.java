package org.dnnbench.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.dnnbench.app.RunRequest;
import org.dnnbench.app.RunService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dnnbench run}: the main job. */
@Command(
    name = "run",
    description = {
      "The main job, as the study did it for its two machines, on this one: analyze every catalog"
          + " model (parameters, MACs, memory estimate), benchmark a selection of models at batch"
          + " sizes 1 to 64 within a time budget, store every result, and draw the report (figures,"
          + " tables, the study's findings re-tested on this machine) from the store.",
      "",
      "Resumable until every case is valid: a case counts as done only when the store holds a"
          + " valid attempt measured with the same settings (threads, provider, optimization,"
          + " engine and version, input shape), or two out-of-memory attempts; anything else is"
          + " measured again by the next run (--remeasure all: everything). The budget is a hard"
          + " limit: every model at batch 1 first, cheapest first, and what was not measured is"
          + " listed.",
      "",
      "Default selection: "
          + "mobilenet_v2, shufflenet_v1_g8, squeezenet1_1, resnet18, googlenet"
          + " (about 5 minutes on 2 cores). --suite paper benchmarks all 42 models of the study,"
          + " --suite modern the models added since (EfficientNet, RegNet, ConvNeXt, ViT, Swin ...),"
          + " --suite all both (hours on a small machine: raise --budget, or run it in several"
          + " sittings).",
      "",
      "Examples:",
      "  dnnbench run",
      "  dnnbench run --models resnet50,vgg16 --batch 1,8 --machine-label laptop",
      "  dnnbench run --suite paper --budget 6h --store jdbc:postgresql://db/bench?user=me"
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SuiteOptions suite;
  @Mixin BatchOption batch;

  @Mixin RunOptions run;
  @Mixin MeasureOptions measure;
  @Mixin StoreOption store;

  @Override
  public Integer call() {
    List<String> selected = suite.selection();
    RunRequest request = run.request(measure.request(selected, batch.batches), store.url());
    RunService.Outcome o =
        new RunService().run(request, TerminalProgress.forTerminal(), spec.commandLine().getErr());
    RunSummary.print(o, selected.size(), spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
