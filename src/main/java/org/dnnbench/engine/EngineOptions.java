package org.dnnbench.engine;

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
 */
public record EngineOptions(
    int threads, String provider, OptimizationLevel optimization, boolean spinWhenIdle) {
  /** The CPU provider's id. */
  public static final String CPU = "cpu";

  /** The CUDA provider's id. */
  public static final String CUDA = "cuda";

  /** Threads per logical core allowed at most (see {@link #maxThreads()}). */
  public static final int MAX_THREADS_PER_CORE = 4;

  public EngineOptions {
    checkThreads(threads, "threads");
    provider = Objects.requireNonNull(provider, "provider").trim().toLowerCase(Locale.ROOT);
    Objects.requireNonNull(optimization, "optimization");
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
  public EngineOptions(int threads, String provider, OptimizationLevel optimization) {
    this(threads, provider, optimization, true);
  }

  /** All cores, CPU, all optimizations. */
  public static EngineOptions defaults() {
    return new EngineOptions(
        Runtime.getRuntime().availableProcessors(), CPU, OptimizationLevel.ALL);
  }

  public EngineOptions withThreads(int t) {
    return new EngineOptions(t, provider, optimization, spinWhenIdle);
  }

  public EngineOptions withProvider(String p) {
    return new EngineOptions(threads, p, optimization, spinWhenIdle);
  }

  public EngineOptions withOptimization(OptimizationLevel o) {
    return new EngineOptions(threads, provider, o, spinWhenIdle);
  }

  public EngineOptions withSpinWhenIdle(boolean spin) {
    return new EngineOptions(threads, provider, optimization, spin);
  }
}
