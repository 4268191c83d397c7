package org.dnnbench.engine;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * How an engine runs a model; immutable.
 *
 * @param threads intra-op threads, at least 1 (default: every logical core)
 * @param provider execution provider id, lower case: {@code cpu} (default) or {@code cuda}
 * @param optimization graph optimization level (default {@link OptimizationLevel#ALL})
 * @param spinWhenIdle whether idle intra-op threads spin (ONNX Runtime's default, lowest latency
 *     for back-to-back runs) or sleep, leaving the cores to other work between runs (the accuracy
 *     pipeline's decoders)
 * @param optimizedModelPath where the engine writes the graph it actually runs, after its
 *     optimizations (for checks such as "did the int8 kernels replace the QDQ nodes"), or {@code
 *     null} (default) to write nothing
 */
public record EngineOptions(
    int threads,
    String provider,
    OptimizationLevel optimization,
    boolean spinWhenIdle,
    Path optimizedModelPath) {
  /** The CPU provider's id. */
  public static final String CPU = "cpu";

  /** The CUDA provider's id. */
  public static final String CUDA = "cuda";

  public EngineOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    provider = Objects.requireNonNull(provider, "provider").trim().toLowerCase(Locale.ROOT);
    Objects.requireNonNull(optimization, "optimization");
  }

  /** Options that write no optimized model. */
  public EngineOptions(
      int threads, String provider, OptimizationLevel optimization, boolean spinWhenIdle) {
    this(threads, provider, optimization, spinWhenIdle, null);
  }

  /** Options with spinning idle threads, ONNX Runtime's default. */
  public EngineOptions(int threads, String provider, OptimizationLevel optimization) {
    this(threads, provider, optimization, true);
  }

  /** All cores, CPU, all optimizations. */
  public static EngineOptions defaults() {
    return new EngineOptions(
        Runtime.getRuntime().availableProcessors(), CPU, OptimizationLevel.ALL);
  }

  public EngineOptions withThreads(int t) {
    return new EngineOptions(t, provider, optimization, spinWhenIdle, optimizedModelPath);
  }

  public EngineOptions withProvider(String p) {
    return new EngineOptions(threads, p, optimization, spinWhenIdle, optimizedModelPath);
  }

  public EngineOptions withOptimization(OptimizationLevel o) {
    return new EngineOptions(threads, provider, o, spinWhenIdle, optimizedModelPath);
  }

  public EngineOptions withSpinWhenIdle(boolean spin) {
    return new EngineOptions(threads, provider, optimization, spin, optimizedModelPath);
  }

  /** These options, writing the optimized graph to {@code file} (null: not written). */
  public EngineOptions withOptimizedModelPath(Path file) {
    return new EngineOptions(threads, provider, optimization, spinWhenIdle, file);
  }
}
