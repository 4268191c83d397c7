package org.dnnbench.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.engine.EngineException;
import org.dnnbench.measure.BenchReport;
import org.dnnbench.measure.BenchRequest;
import org.dnnbench.measure.BenchRun;
import org.dnnbench.measure.BenchService;
import org.dnnbench.measure.ProgressListener;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.store.ResultStore;
import org.dnnbench.zoo.Catalog;
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
          + " target and other processes took at most --max-other-cpu of the CPU meanwhile;"
          + " otherwise the detail says why, and it is measured again after the other cases, up to"
          + " --attempts times. Statuses: ok, oom, crashed, timeout, error. A crash or"
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
    BenchRequest request = measure.request(models, batch.batches);
    BenchRun run;
    try (ResultStore results = noStore ? null : store.open()) {
      ProgressListener listener = TerminalProgress.forTerminal();
      if (results != null) {
        for (String m : models) {
          if (Catalog.standard().contains(m)) {
            results.putAnalysis(Analyzer.analyze(Catalog.standard().build(m)));
          }
        }
        listener = listener.andThen(ProgressListener.onCase(results::putCase));
      }
      run = new BenchService().run(request, listener);
      if (results != null) {
        spec.commandLine().getErr().println("results stored in " + results.location());
      }
    } catch (EngineException e) {
      if (e.kind() == EngineException.Kind.PROVIDER_UNAVAILABLE) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      throw e;
    }
    spec.commandLine().getOut().print(BenchReport.render(run, format.format));
    spec.commandLine().getOut().flush();
    org.dnnbench.app.AnalyzeService.fileNotes(models, request.inputs())
        .forEach(spec.commandLine().getErr()::println);
    boolean anyOk = run.cases().stream().anyMatch(c -> c.status() == CaseStatus.OK);
    return anyOk ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
