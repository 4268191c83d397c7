package org.dnnbench.engine;

import java.nio.file.Path;
import java.util.Objects;
import org.dnnbench.config.Defaults;

/**
 * How an engine runs a model; immutable.
 *
 * @param threads intra-op threads, at least 1 (default: every logical core)
 * @param provider execution provider (default {@link ExecutionProvider#CPU})
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
    ExecutionProvider provider,
    OptimizationLevel optimization,
    boolean spinWhenIdle,
    Path optimizedModelPath) {
  /** Threads per logical core allowed at most (see {@link #maxThreads()}). */
  public static final int MAX_THREADS_PER_CORE = 4;

  public EngineOptions {
    checkThreads(threads, "threads");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(optimization, "optimization");
  }

  /** Options that write no optimized model. */
  public EngineOptions(
      int threads,
      ExecutionProvider provider,
      OptimizationLevel optimization,
      boolean spinWhenIdle) {
    this(threads, provider, optimization, spinWhenIdle, null);
  }

  /**
   * The most threads dnnbench starts for one pool: {@value #MAX_THREADS_PER_CORE} x the logical
   * cores. More only contend for the same cores, and ONNX Runtime allocates per-thread state for
   * each (100000 threads grew a child by 65 MB/s without end).
   */
  public static int maxThreads() {
    return MAX_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors();
  }

  /**
   * Refuses a thread count below 1 or over {@link #maxThreads()}, naming {@code what} (e.g. {@code
   * --threads}) and the limit.
   */
  public static void checkThreads(int threads, String what) {
    int cores = Runtime.getRuntime().availableProcessors();
    if (threads < 1 || threads > maxThreads()) {
      throw new IllegalArgumentException(
          what
              + " must be between 1 and "
              + maxThreads()
              + " ("
              + MAX_THREADS_PER_CORE
              + " x the "
              + cores
              + " logical cores: more threads only contend for the same cores), got "
              + threads);
    }
  }

  /** Options with spinning idle threads, ONNX Runtime's default. */
  public EngineOptions(int threads, ExecutionProvider provider, OptimizationLevel optimization) {
    this(threads, provider, optimization, true);
  }

  /** All cores, the default provider and optimization level ({@link Defaults}). */
  public static EngineOptions defaults() {
    return new EngineOptions(
        Runtime.getRuntime().availableProcessors(),
        ExecutionProvider.byId(Defaults.PROVIDER),
        OptimizationLevel.byId(Defaults.OPTIMIZATION));
  }

  public EngineOptions withThreads(int t) {
    return new EngineOptions(t, provider, optimization, spinWhenIdle, optimizedModelPath);
  }

  public EngineOptions withProvider(ExecutionProvider p) {
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
