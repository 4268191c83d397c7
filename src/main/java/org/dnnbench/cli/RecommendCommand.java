package org.dnnbench.cli;

import java.util.concurrent.Callable;
import org.dnnbench.app.RecommendService;
import org.dnnbench.report.Recommender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dnnbench recommend}: the best models under constraints, from stored results. */
@Command(
    name = "recommend",
    description = {
      "Print the models that meet every constraint and lie on the Pareto front of top-1 accuracy"
          + " vs images/s at the batch size (no other model is both faster and more accurate),"
          + " best top-1 first, then every other model with the reason it was left out. Accuracy is"
          + " the measured one where dnnbench measured it, else the published one (column accuracy"
          + " says which). Exits with 1 when no model meets the constraints.",
      "",
      "Example: dnnbench recommend --min-fps 30 --max-memory-mb 2000 --machine workstation"
    })
final class RecommendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StoreOption store;
  @Mixin FormatOption format;

  @Option(
      names = "--min-fps",
      paramLabel = "N",
      description = "Least images per second at the batch size.")
  Double minFps;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = Defaults.RECOMMEND_BATCH,
      converter = Converters.BatchSize.class,
      description = "Batch size the speed and memory are read at (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--max-memory-mb",
      paramLabel = "N",
      description = "Most memory at the batch size, MB (10^6 bytes).")
  Double maxMemoryMb;

  @Option(
      names = "--max-params",
      paramLabel = "N",
      description = "Most trainable parameters, e.g. 25000000.")
  Long maxParams;

  @Option(
      names = "--machine",
      paramLabel = "LABEL",
      description = "Machine label (or fingerprint prefix); needed when the store holds several.")
  String machine;

  @Override
  public Integer call() {
    var o =
        RecommendService.recommend(
            new RecommendService.Request(
                store.url(),
                new Recommender.Request(minFps, batch, maxMemoryMb, maxParams, machine),
                format.format));
    spec.commandLine().getOut().print(o.text());
    return o.anyPick() ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
