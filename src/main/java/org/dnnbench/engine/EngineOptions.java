package org.dnnbench.engine;

import java.util.Locale;
import java.util.Objects;

/**
 * How an engine runs a model; immutable.
 *
 * @param threads intra-op threads, at least 1 (default: every logical core)
 * @param provider execution provider id, lower case: {@code cpu} (default) or {@code cuda}
 * @param optimization graph optimization level (default {@link OptimizationLevel#ALL})
 */
public record EngineOptions(int threads, String provider, OptimizationLevel optimization) {
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

  /** All cores, CPU, all optimizations. */
  public static EngineOptions defaults() {
    return new EngineOptions(Runtime.getRuntime().availableProcessors(), CPU, OptimizationLevel.ALL);
  }

  public EngineOptions withThreads(int t) {
    return new EngineOptions(t, provider, optimization);
  }

  public EngineOptions withProvider(String p) {
    return new EngineOptions(threads, p, optimization);
  }

  public EngineOptions withOptimization(OptimizationLevel o) {
    return new EngineOptions(threads, provider, o);
  }
}
