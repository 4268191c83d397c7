package org.dnnbench.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.dnnbench.engine.EngineException;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.measure.BenchReport;
import org.dnnbench.measure.BenchRequest;
import org.dnnbench.measure.BenchRun;
import org.dnnbench.measure.BenchService;
import org.dnnbench.measure.CaseStatus;
import org.dnnbench.measure.ChildLauncher;
import org.dnnbench.measure.PeakProbe;
import org.dnnbench.measure.TerminalProgress;
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
          + " interpolation, type 7), images/s, achieved GFLOP/s (2 x MACs x batch / mean) and its"
          + " share of the machine's peak (a large matrix product on the same engine, cached per"
          + " machine), peak resident memory of the child, its baseline before the model was"
          + " loaded, and the growth due to the model and to the batch.",
      "",
      "A case is valid when it ended ok, did all its measured runs and the coefficient of variation"
          + " (std/mean) of its times is at most --max-cv (default 0.10); statuses: ok, oom,"
          + " crashed, timeout, error. A crash or out-of-memory ends only its own case.",
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

  @Option(names = "--warmup", paramLabel = "N", defaultValue = Defaults.WARMUP,
      description = "Warm-up runs per case after the first run (default: ${DEFAULT-VALUE}, as the study).")
  int warmup;

  @Option(names = "--runs", paramLabel = "N", defaultValue = Defaults.RUNS, converter = Converters.Positive.class,
      description = "Measured runs per case (default: ${DEFAULT-VALUE}, as the study).")
  int runs;

  @Option(names = "--max-seconds-per-case", paramLabel = "S", defaultValue = "0",
      description = "Stop a case's measured runs after S seconds (at least one run); such a case"
          + " says so and is not valid. Default: no limit.")
  double maxSeconds;

  @Option(names = "--threads", paramLabel = "N", converter = Converters.Positive.class,
      description = "Intra-op threads (default: every logical core).")
  Integer threads;

  @Option(names = "--provider", paramLabel = "NAME", defaultValue = Defaults.PROVIDER,
      description = "Execution provider: cpu or cuda (needs the GPU build of ONNX Runtime and a GPU)"
          + " (default: ${DEFAULT-VALUE}).")
  String provider;

  @Option(names = "--optimization", paramLabel = "LEVEL", defaultValue = Defaults.OPTIMIZATION,
      description = "Graph optimization level: none, basic, extended or all (default: ${DEFAULT-VALUE}).")
  String optimization;

  @Option(names = "--seed", paramLabel = "N", defaultValue = Defaults.SEED,
      description = "Seed of the random weights and inputs (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--max-cv", paramLabel = "X", defaultValue = Defaults.MAX_CV,
      description = "Largest coefficient of variation (std/mean) of a valid case (default: ${DEFAULT-VALUE}).")
  double maxCv;

  @Option(names = "--case-timeout", paramLabel = "S", defaultValue = Defaults.CASE_TIMEOUT,
      description = "Kill a case after S seconds; status timeout (default: ${DEFAULT-VALUE}).")
  double caseTimeout;

  @Option(names = "--child-heap-mb", paramLabel = "MB", defaultValue = Defaults.CHILD_HEAP_MB,
      converter = Converters.Positive.class,
      description = "Java heap and direct-buffer limit of each case's JVM (default: ${DEFAULT-VALUE}).")
  int childHeapMb;

  @Option(names = "--child-memory-mb", paramLabel = "MB", defaultValue = "0",
      description = "Address-space limit of each case's process (ulimit -v), e.g. to see where a"
          + " model runs out of memory; the JVM itself takes a few hundred MB. Default: no limit.")
  int childMemoryMb;

  @Option(names = "--no-peak", description = "Do not measure the machine's peak GFLOP/s (efficiency then empty).")
  boolean noPeak;

  @Option(names = "--remeasure-peak", description = "Measure the machine's peak GFLOP/s again instead of using the cached value.")
  boolean remeasurePeak;

  @Override
  public Integer call() {
    if (remeasurePeak) {
      PeakProbe.clearCache(BenchRequest.defaultCacheDir());
    }
    OptimizationLevel level = OptimizationLevel.byId(optimization);
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    var engine = new EngineOptions(t, provider, level);
    var request =
        new BenchRequest(
            models, batch.batches, warmup, runs, maxSeconds, engine, seed, maxCv,
            new ChildLauncher.Limits(childHeapMb, childMemoryMb, caseTimeout), !noPeak,
            BenchRequest.defaultCacheDir());
    BenchRun run;
    try {
      run = new BenchService().run(request, TerminalProgress.forTerminal());
    } catch (EngineException e) {
      if (e.kind() == EngineException.Kind.PROVIDER_UNAVAILABLE) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      throw e;
    }
    spec.commandLine().getOut().print(BenchReport.render(run, format.format));
    spec.commandLine().getOut().flush();
    boolean anyOk = run.cases().stream().anyMatch(c -> c.status() == CaseStatus.OK);
    return anyOk ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
