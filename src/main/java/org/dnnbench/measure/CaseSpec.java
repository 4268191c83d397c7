package org.dnnbench.measure;

import java.util.Objects;

/**
 * What one child process measures; sent to {@link CaseMain} as one JSON argument.
 *
 * @param mode {@code case} (a model at a batch size) or {@code peak} (the machine's peak GFLOP/s)
 * @param modelPath the ONNX file ({@code case} mode)
 * @param label the model's name in results and errors
 * @param batch batch size
 * @param warmup warm-up runs
 * @param runs measured runs wanted
 * @param maxSeconds wall-clock budget for the measured runs, 0 for none
 * @param threads intra-op threads
 * @param provider execution provider id
 * @param optimization graph optimization level id
 * @param seed seed of the random input
 * @param matmulSize side of the square matrices ({@code peak} mode)
 */
public record CaseSpec(
    String mode,
    String modelPath,
    String label,
    int batch,
    int warmup,
    int runs,
    double maxSeconds,
    int threads,
    String provider,
    String optimization,
    long seed,
    int matmulSize) {
  public static final String CASE = "case";
  public static final String PEAK = "peak";

  public CaseSpec {
    Objects.requireNonNull(mode, "mode");
    if (!mode.equals(CASE) && !mode.equals(PEAK)) {
      throw new IllegalArgumentException("mode must be 'case' or 'peak', got '" + mode + "'");
    }
    if (batch < 1 || warmup < 0 || runs < 1 || threads < 1 || maxSeconds < 0) {
      throw new IllegalArgumentException(
          "invalid case: " + batch + "/" + warmup + "/" + runs + "/" + threads);
    }
  }
}
