package org.dnnbench.cli;

import java.util.List;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.measure.BenchRequest;
import org.dnnbench.measure.ChildLauncher;
import org.dnnbench.measure.PeakProbe;
import picocli.CommandLine.Option;

/** How cases are measured: the options {@code bench} and {@code run} share. */
final class MeasureOptions {
  @Option(
      names = "--warmup",
      paramLabel = "N",
      defaultValue = Defaults.WARMUP,
      description =
          "Warm-up runs per case after the first run (default: ${DEFAULT-VALUE}, as the study).")
  int warmup;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = Defaults.RUNS,
      converter = Converters.Positive.class,
      description = "Measured runs per case (default: ${DEFAULT-VALUE}, as the study).")
  int runs;

  @Option(
      names = "--max-seconds-per-case",
      paramLabel = "S",
      defaultValue = Defaults.MAX_SECONDS_PER_CASE,
      description =
          "Hard limit of a case's warm-up and measured runs: it stops after S seconds whatever it"
              + " has (at least one run of each); a case with fewer than --runs runs is cut short"
              + " and not valid. Default: no limit.")
  double maxSeconds;

  @Option(
      names = "--threads",
      paramLabel = "N",
      converter = Converters.Positive.class,
      description =
          "Intra-op threads, at most 4 x the logical cores (default: the CPUs this process may"
              + " use: those taskset or a cpuset allow, fewer under a cgroup CPU quota, rounded"
              + " down).")
  Integer threads;

  @Option(
      names = "--provider",
      paramLabel = "NAME",
      defaultValue = Defaults.PROVIDER,
      converter = Converters.Provider.class,
      description =
          "Execution provider: cpu or cuda (needs a GPU and dnnbench built with mvn -Pgpu)"
              + " (default: ${DEFAULT-VALUE}).")
  ExecutionProvider provider;

  @Option(
      names = "--optimization",
      paramLabel = "LEVEL",
      defaultValue = Defaults.OPTIMIZATION,
      description =
          "Graph optimization level: none, basic, extended or all (default: ${DEFAULT-VALUE}).")
  String optimization;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = Defaults.SEED,
      description = "Seed of the random weights and inputs (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--case-timeout",
      paramLabel = "S",
      defaultValue = Defaults.CASE_TIMEOUT,
      description = "Kill a case after S seconds; status timeout (default: ${DEFAULT-VALUE}).")
  double caseTimeout;

  @Option(
      names = "--child-heap-mb",
      paramLabel = "MB",
      defaultValue = Defaults.CHILD_HEAP_MB,
      converter = Converters.Positive.class,
      description =
          "Java heap and direct-buffer limit of each case's JVM (default: ${DEFAULT-VALUE}).")
  int childHeapMb;

  @Option(
      names = "--child-memory-mb",
      paramLabel = "MB",
      defaultValue = Defaults.CHILD_MEMORY_MB,
      description =
          "Address-space limit of each case's process (ulimit -v), e.g. to see where a"
              + " model runs out of memory; the JVM itself takes a few hundred MB. Default: no limit.")
  int childMemoryMb;

  @Option(
      names = "--no-peak",
      description = "Do not measure the machine's peak GFLOP/s (efficiency then empty).")
  boolean noPeak;

  @Option(
      names = "--remeasure-peak",
      description =
          "Measure the machine's peak GFLOP/s and its speed control's reference (see"
              + " --max-slowdown) again instead of using the cached values.")
  boolean remeasurePeak;

  @Option(
      names = "--machine-label",
      paramLabel = "LABEL",
      description =
          "Your name for this machine in results and reports, e.g. workstation or"
              + " jetson (default: $DNNBENCH_MACHINE_LABEL, else none; the machine is always identified"
              + " by its fingerprint too).")
  String machineLabel;

  @picocli.CommandLine.Mixin InputOption inputs = new InputOption();

  @picocli.CommandLine.Mixin TrustOptions trust = new TrustOptions();

  @picocli.CommandLine.Mixin PrecisionOption precision = new PrecisionOption();

  /** The effective CPUs rounded down (affinity and quota), else the JVM's count. */
  static int defaultThreads() {
    int t = org.dnnbench.measure.CgroupCpu.currentCpus().defaultThreads();
    return t > 0 ? t : Runtime.getRuntime().availableProcessors();
  }

  /** The request for these models and batches under these options. */
  BenchRequest request(List<String> models, List<Integer> batches) {
    if (remeasurePeak) {
      PeakProbe.clearCache(BenchRequest.defaultCacheDir());
      PeakProbe.clearSpeedControl(BenchRequest.defaultCacheDir());
    }
    OptimizationLevel level = OptimizationLevel.byId(optimization);
    int t = threads == null ? defaultThreads() : threads;
    EngineOptions.checkThreads(t, "--threads");
    var engine = new EngineOptions(t, provider, level);
    return BenchRequest.builder(models, batches)
        .runs(warmup, runs)
        .maxSecondsPerCase(maxSeconds)
        .engine(engine)
        .seed(seed)
        .trust(trust.trust())
        .limits(new ChildLauncher.Limits(childHeapMb, childMemoryMb, caseTimeout))
        .peak(!noPeak, BenchRequest.defaultCacheDir())
        .machineLabel(machineLabel)
        .inputs(inputs.options())
        .precisions(precision.precisions())
        .build();
  }
}
