package org.dnnbench.measure;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.InputOptions;

/**
 * What to benchmark and how.
 *
 * @param models catalog ids or paths of {@code .onnx} files (benchmarked as they are)
 * @param batches batch sizes; every model runs at each
 * @param warmup warm-up runs per case, after the first run (the study: 10)
 * @param runs measured runs per case (at least; the study: 10)
 * @param maxSecondsPerCase budget for a case's measured runs, 0 for none; a case cut short says so
 *     and is not valid
 * @param engine engine options (threads, execution provider, optimization level)
 * @param seed seed of the random weights and inputs
 * @param maxCv largest coefficient of variation (std / mean of the per-batch times) of a valid case
 * @param limits heap, memory and time limits of each case's child process
 * @param measurePeak whether to measure (or read from the cache) the machine's peak GFLOP/s
 * @param cacheDir where the peak is cached per machine and engine
 * @param machineLabel the user's label for this machine (e.g. {@code workstation}); may be empty
 * @param inputs how the models' inputs are made (sizes of symbolic dims, integer ranges)
 */
public record BenchRequest(
    List<String> models,
    List<Integer> batches,
    int warmup,
    int runs,
    double maxSecondsPerCase,
    EngineOptions engine,
    long seed,
    double maxCv,
    ChildLauncher.Limits limits,
    boolean measurePeak,
    Path cacheDir,
    String machineLabel,
    InputOptions inputs) {
  /** The study's warm-up runs. */
  public static final int DEFAULT_WARMUP = 10;

  /** The study's measured runs. */
  public static final int DEFAULT_RUNS = 10;

  /** Default validity threshold: coefficient of variation at most 10 %. */
  public static final double DEFAULT_MAX_CV = 0.10;

  /** Default child limits: 2 GB heap, no address-space limit, 30 minutes per case. */
  public static final ChildLauncher.Limits DEFAULT_LIMITS = new ChildLauncher.Limits(2048, 0, 1800);

  public BenchRequest {
    models = List.copyOf(models);
    batches = List.copyOf(batches);
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(cacheDir, "cacheDir");
    machineLabel = machineLabel == null ? "" : machineLabel.strip();
    inputs = inputs == null ? InputOptions.NONE : inputs;
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no models to benchmark: name catalog ids or .onnx files");
    }
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("no batch sizes given");
    }
    for (int b : batches) {
      if (b < 1) {
        throw new IllegalArgumentException("batch sizes must be >= 1, got " + b);
      }
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("warm-up runs must be >= 0, got " + warmup);
    }
    if (runs < 1) {
      throw new IllegalArgumentException("measured runs must be >= 1, got " + runs);
    }
    if (!(maxSecondsPerCase >= 0)) {
      throw new IllegalArgumentException(
          "max seconds per case must be >= 0 (0 = no limit), got " + maxSecondsPerCase);
    }
    if (!(maxCv > 0)) {
      throw new IllegalArgumentException("the validity threshold must be > 0, got " + maxCv);
    }
  }

  /** A request whose models' inputs need no options (only the batch symbolic). */
  public BenchRequest(
      List<String> models,
      List<Integer> batches,
      int warmup,
      int runs,
      double maxSecondsPerCase,
      EngineOptions engine,
      long seed,
      double maxCv,
      ChildLauncher.Limits limits,
      boolean measurePeak,
      Path cacheDir,
      String machineLabel) {
    this(
        models,
        batches,
        warmup,
        runs,
        maxSecondsPerCase,
        engine,
        seed,
        maxCv,
        limits,
        measurePeak,
        cacheDir,
        machineLabel,
        InputOptions.NONE);
  }

  /** The same request with these input options. */
  public BenchRequest withInputs(InputOptions i) {
    return new BenchRequest(
        models,
        batches,
        warmup,
        runs,
        maxSecondsPerCase,
        engine,
        seed,
        maxCv,
        limits,
        measurePeak,
        cacheDir,
        machineLabel,
        i);
  }

  /** The study's method on every core: 10 warm-up and 10 measured runs, no time budget. */
  public static BenchRequest of(List<String> models, List<Integer> batches) {
    return new BenchRequest(
        models,
        batches,
        DEFAULT_WARMUP,
        DEFAULT_RUNS,
        0,
        EngineOptions.defaults(),
        42,
        DEFAULT_MAX_CV,
        DEFAULT_LIMITS,
        true,
        defaultCacheDir(),
        "");
  }

  /** {@code $XDG_CACHE_HOME/dnnbench} or {@code ~/.cache/dnnbench}. */
  public static Path defaultCacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("dnnbench");
  }

  public BenchRequest withRuns(int warmupRuns, int measuredRuns) {
    return new BenchRequest(
        models,
        batches,
        warmupRuns,
        measuredRuns,
        maxSecondsPerCase,
        engine,
        seed,
        maxCv,
        limits,
        measurePeak,
        cacheDir,
        machineLabel,
        inputs);
  }

  public BenchRequest withLimits(ChildLauncher.Limits l) {
    return new BenchRequest(
        models,
        batches,
        warmup,
        runs,
        maxSecondsPerCase,
        engine,
        seed,
        maxCv,
        l,
        measurePeak,
        cacheDir,
        machineLabel,
        inputs);
  }

  public BenchRequest withPeak(boolean measure, Path dir) {
    return new BenchRequest(
        models,
        batches,
        warmup,
        runs,
        maxSecondsPerCase,
        engine,
        seed,
        maxCv,
        limits,
        measure,
        dir,
        machineLabel);
  }

  public BenchRequest withMachineLabel(String label) {
    return new BenchRequest(
        models,
        batches,
        warmup,
        runs,
        maxSecondsPerCase,
        engine,
        seed,
        maxCv,
        limits,
        measurePeak,
        cacheDir,
        label);
  }

  public BenchRequest withMaxSecondsPerCase(double seconds) {
    return new BenchRequest(
        models,
        batches,
        warmup,
        runs,
        seconds,
        engine,
        seed,
        maxCv,
        limits,
        measurePeak,
        cacheDir,
        machineLabel);
  }

  public BenchRequest withModels(List<String> newModels, List<Integer> newBatches) {
    return new BenchRequest(
        newModels,
        newBatches,
        warmup,
        runs,
        maxSecondsPerCase,
        engine,
        seed,
        maxCv,
        limits,
        measurePeak,
        cacheDir,
        machineLabel);
  }

  public BenchRequest withEngine(EngineOptions e) {
    return new BenchRequest(
        models,
        batches,
        warmup,
        runs,
        maxSecondsPerCase,
        e,
        seed,
        maxCv,
        limits,
        measurePeak,
        cacheDir,
        machineLabel);
  }
}
