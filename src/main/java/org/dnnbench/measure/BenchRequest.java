package org.dnnbench.measure;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.dnnbench.config.Defaults;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.InputOptions;
import org.dnnbench.results.Precision;

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
 * @param trust when a case is valid and how many attempts it gets ({@link Trust})
 * @param limits heap, memory and time limits of each case's child process
 * @param measurePeak whether to measure (or read from the cache) the machine's peak GFLOP/s
 * @param cacheDir where the peak is cached per machine and engine
 * @param machineLabel the user's label for this machine (e.g. {@code workstation}); may be empty
 * @param inputs sizes, ranges and fixed shapes for the models' inputs ({@link InputOptions#NONE}:
 *     only the batch symbolic)
 * @param precisions the precisions each model is measured in (default fp32 alone); int8 is
 *     calibrated on random inputs, which is fine for timing
 */
public record BenchRequest(
    List<String> models,
    List<Integer> batches,
    int warmup,
    int runs,
    double maxSecondsPerCase,
    EngineOptions engine,
    long seed,
    Trust trust,
    ChildLauncher.Limits limits,
    boolean measurePeak,
    Path cacheDir,
    String machineLabel,
    InputOptions inputs,
    List<Precision> precisions) {
  public BenchRequest {
    inputs = inputs == null ? InputOptions.NONE : inputs;
    precisions = precisions == null ? List.of(Precision.FP32) : List.copyOf(precisions);
    if (precisions.isEmpty()) {
      throw new IllegalArgumentException("no precision given; valid: " + Precision.ids());
    }
    models = List.copyOf(models);
    batches = List.copyOf(batches);
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(cacheDir, "cacheDir");
    machineLabel = machineLabel == null ? "" : machineLabel.strip();
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
    Objects.requireNonNull(trust, "trust");
  }

  /** A request measuring fp32 only. */
  public BenchRequest(
      List<String> models,
      List<Integer> batches,
      int warmup,
      int runs,
      double maxSecondsPerCase,
      EngineOptions engine,
      long seed,
      Trust trust,
      ChildLauncher.Limits limits,
      boolean measurePeak,
      Path cacheDir,
      String machineLabel,
      InputOptions inputs) {
    this(
        models,
        batches,
        warmup,
        runs,
        maxSecondsPerCase,
        engine,
        seed,
        trust,
        limits,
        measurePeak,
        cacheDir,
        machineLabel,
        inputs,
        null);
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
      Trust trust,
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
        trust,
        limits,
        measurePeak,
        cacheDir,
        machineLabel,
        InputOptions.NONE);
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

  /**
   * A request for these models and batches, every other setting at its default ({@link Defaults}:
   * the study's 10 warm-up and 10 measured runs, no time budget, every core on the CPU, the peak
   * measured), changed by the builder's setters.
   */
  public static Builder builder(List<String> models, List<Integer> batches) {
    return new Builder(models, batches);
  }

  /** A builder holding this request's settings. */
  public Builder toBuilder() {
    var b = new Builder(models, batches);
    b.warmup = warmup;
    b.runs = runs;
    b.maxSecondsPerCase = maxSecondsPerCase;
    b.engine = engine;
    b.seed = seed;
    b.trust = trust;
    b.limits = limits;
    b.measurePeak = measurePeak;
    b.cacheDir = cacheDir;
    b.machineLabel = machineLabel;
    b.inputs = inputs;
    b.precisions = precisions;
    return b;
  }

  /** The same request with other trust settings. */
  public BenchRequest withTrust(Trust t) {
    return toBuilder().trust(t).build();
  }

  /** The same request with other engine options. */
  public BenchRequest withEngine(EngineOptions e) {
    return toBuilder().engine(e).build();
  }

  /** The same request with a per-case time budget. */
  public BenchRequest withMaxSecondsPerCase(double seconds) {
    return toBuilder().maxSecondsPerCase(seconds).build();
  }

  /** The same request for other models and batches. */
  public BenchRequest withModels(List<String> newModels, List<Integer> newBatches) {
    return toBuilder().models(newModels, newBatches).build();
  }

  /** Builds a {@link BenchRequest}; {@link #build} checks it. */
  public static final class Builder {
    private List<String> models;
    private List<Integer> batches;
    private int warmup = Defaults.WARMUP;
    private int runs = Defaults.RUNS;
    private double maxSecondsPerCase = Defaults.MAX_SECONDS_PER_CASE;
    private EngineOptions engine = EngineOptions.defaults();
    private long seed = Defaults.SEED;
    private Trust trust = Trust.DEFAULT;
    private ChildLauncher.Limits limits =
        new ChildLauncher.Limits(
            Defaults.CHILD_HEAP_MB, Defaults.CHILD_MEMORY_MB, Defaults.CASE_TIMEOUT_S);
    private boolean measurePeak = Defaults.MEASURE_PEAK;
    private Path cacheDir;
    private String machineLabel = "";
    private InputOptions inputs = InputOptions.NONE;
    private List<Precision> precisions = List.of(Precision.FP32);

    private Builder(List<String> models, List<Integer> batches) {
      this.models = models;
      this.batches = batches;
    }

    public Builder models(List<String> m, List<Integer> b) {
      models = m;
      batches = b;
      return this;
    }

    public Builder runs(int warmupRuns, int measuredRuns) {
      warmup = warmupRuns;
      runs = measuredRuns;
      return this;
    }

    public Builder maxSecondsPerCase(double seconds) {
      maxSecondsPerCase = seconds;
      return this;
    }

    public Builder engine(EngineOptions e) {
      engine = e;
      return this;
    }

    public Builder seed(long s) {
      seed = s;
      return this;
    }

    /** When a case is valid and how many attempts it gets. */
    public Builder trust(Trust t) {
      trust = t;
      return this;
    }

    public Builder limits(ChildLauncher.Limits l) {
      limits = l;
      return this;
    }

    /** Whether to measure the peak, and where it is cached. */
    public Builder peak(boolean measure, Path dir) {
      measurePeak = measure;
      cacheDir = dir;
      return this;
    }

    /** Sizes, ranges and fixed shapes for the models' inputs. */
    public Builder inputs(InputOptions i) {
      inputs = i;
      return this;
    }

    /** The precisions each model is measured in. */
    public Builder precisions(List<Precision> p) {
      precisions = p;
      return this;
    }

    public Builder machineLabel(String label) {
      machineLabel = label;
      return this;
    }

    public BenchRequest build() {
      return new BenchRequest(
          models,
          batches,
          warmup,
          runs,
          maxSecondsPerCase,
          engine,
          seed,
          trust,
          limits,
          measurePeak,
          cacheDir == null ? defaultCacheDir() : cacheDir,
          machineLabel,
          inputs,
          precisions);
    }
  }
}
