package org.dnnbench.store;

import java.util.List;
import java.util.Objects;
import org.dnnbench.analysis.MemoryEstimate;
import org.dnnbench.analysis.ModelAnalysis;

/**
 * The stored part of a {@link ModelAnalysis}: totals and memory estimates, without the per-layer
 * table (which is re-computed on demand). Analyses do not depend on the machine.
 *
 * @param model model name
 * @param convention MAC convention id, e.g. {@code torchvision}
 * @param inputShape per-sample input shape, e.g. {@code 3x224x224}
 * @param outputShape per-sample output shape
 * @param params trainable parameters
 * @param buffers stored non-trainable values
 * @param macs multiply-accumulates per image
 * @param memory analytic memory estimate per batch size
 */
public record AnalysisRecord(
    String model,
    String convention,
    String inputShape,
    String outputShape,
    long params,
    long buffers,
    double macs,
    List<MemoryEstimate> memory) {
  public AnalysisRecord {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(convention, "convention");
    inputShape = inputShape == null ? "" : inputShape;
    outputShape = outputShape == null ? "" : outputShape;
    memory = List.copyOf(memory);
    if (params < 0) {
      throw new IllegalArgumentException("params must be >= 0, got " + params + " for " + model);
    }
  }

  /** The record of an analysis. */
  public static AnalysisRecord of(ModelAnalysis a) {
    return new AnalysisRecord(
        a.model(),
        a.convention().id(),
        a.inputShape().toString(),
        a.outputShape().toString(),
        a.params(),
        a.buffers(),
        a.macs(),
        a.memory());
  }

  /** Parameter-file size in MB (fp32 weights and buffers, 10^6 bytes). */
  public double paramMb() {
    return 4.0 * (params + buffers) / 1e6;
  }
}
