package org.dnnbench.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.dnnbench.app.SweepService;
import org.dnnbench.measure.BenchReport;
import org.dnnbench.results.CaseStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dnnbench bench ID...}: measured inference time and memory per model and batch size. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Measure inference on this machine with ONNX Runtime, each (model, batch size) case in a fresh"
          + " child JVM: session-creation time, first-run time, then warm-up and measured runs; time"
          + " per image and per batch (mean, sample std, median, min, p90, p99; quantiles by linear"
          + " interpolation, type 7), images/s and achieved GFLOP/s (2 x MACs x batch / median) and its"
          + " share of the machine's peak (a large matrix product on the same engine, cached per"
          + " machine), peak resident memory of the child, its baseline before the model was"
          + " loaded, and the growth due to the model and to the batch.",
      "",
      "Each case warms up until steady, then measures at least --runs runs and on until the"
          + " median's 95%% interval is within --ci-target (default ±3%%) or --case-cap seconds."
          + " A case is valid when it ended ok, did its minimum runs, its interval is within the"
          + " target and other processes took at most --max-other-cpu of the CPU meanwhile. Each"
          + " case is measured by --forks child processes spaced apart (every case once, then every"
          + " case again: a shared machine's speed drifts over seconds), and believed only when"
          + " that many valid forks agree within the target; otherwise the detail says why, and it"
          + " gets another fork after the other cases, up to --attempts times. Statuses: ok, oom,"
          + " crashed, timeout, error. A crash or"
          + " out-of-memory ends only its own case.",
      "",
      "Catalog models are exported with random weights (see 'dnnbench export'); a MODEL ending in"
          + " .onnx is benchmarked as it is (GFLOP/s only if it carries dnnbench's MAC metadata).",
      "",
      "Example: dnnbench bench resnet50 mobilenet_v2 --batch 1,8 --format json"
    })
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin FormatOption format;
  @Mixin BatchOption batch;

  @Parameters(paramLabel = "MODEL", arity = "1..*", description = "Catalog ids or .onnx files.")
  List<String> models;

  @Mixin MeasureOptions measure;
  @Mixin StoreOption store;

  @Option(names = "--no-store", description = "Do not save the results in the results store.")
  boolean noStore;

  @Override
  public Integer call() {
    var request =
        new SweepService.Request(
            measure.request(models, batch.batches), noStore ? null : store.url());
    var err = spec.commandLine().getErr();
    var o = new SweepService().run(request, TerminalProgress.forTerminal(), err::println);
    if (!o.storedIn().isEmpty()) {
      err.println("results stored in " + o.storedIn());
    }
    spec.commandLine().getOut().print(BenchReport.render(o.run(), format.format));
    spec.commandLine().getOut().flush();
    org.dnnbench.app.AnalyzeService.fileNotes(models, request.bench().inputs())
        .forEach(err::println);
    boolean anyOk = o.run().cases().stream().anyMatch(c -> c.status() == CaseStatus.OK);
    return anyOk ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
