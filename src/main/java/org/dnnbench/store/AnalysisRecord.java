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
 * @param inputSize the input size when not the model's default, as {@link
 *     org.dnnbench.results.CaseKey#inputSize()} writes it ({@code 320}, {@code 320x256}); empty at
 *     the default size (and for rows stored before the size was recorded): with the model and the
 *     convention, the analysis's key, so that a case at that size finds its own analysis
 */
public record AnalysisRecord(
    String model,
    String convention,
    String inputShape,
    String outputShape,
    long params,
    long buffers,
    double macs,
    List<MemoryEstimate> memory,
    String inputSize) {
  public AnalysisRecord {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(convention, "convention");
    inputSize = inputSize == null ? "" : inputSize.strip();
    inputShape = inputShape == null ? "" : inputShape;
    outputShape = outputShape == null ? "" : outputShape;
    memory = List.copyOf(memory);
    if (params < 0) {
      throw new IllegalArgumentException("params must be >= 0, got " + params + " for " + model);
    }
  }

  /** An analysis at the model's default size. */
  public AnalysisRecord(
      String model,
      String convention,
      String inputShape,
      String outputShape,
      long params,
      long buffers,
      double macs,
      List<MemoryEstimate> memory) {
    this(model, convention, inputShape, outputShape, params, buffers, macs, memory, "");
  }

  /**
   * The record of an analysis; a catalog model's input size is read from its input shape (empty at
   * the catalog's default size), any other model's is empty (use {@link #of(ModelAnalysis,
   * String)}).
   */
  public static AnalysisRecord of(ModelAnalysis a) {
    return of(a, catalogSize(a));
  }

  /** The record of an analysis at an input size ({@link org.dnnbench.results.CaseKey}'s text). */
  public static AnalysisRecord of(ModelAnalysis a, String inputSize) {
    return new AnalysisRecord(
        a.model(),
        a.convention().id(),
        a.inputShape().toString(),
        a.outputShape().toString(),
        a.params(),
        a.buffers(),
        a.macs(),
        a.memory(),
        inputSize);
  }

  /** A catalog model's size text from its analysis's input shape; empty at the default. */
  static String catalogSize(ModelAnalysis a) {
    var catalog = org.dnnbench.zoo.Catalog.standard();
    var s = a.inputShape();
    if (!catalog.contains(a.model()) || !s.isFeatureMap()) {
      return "";
    }
    int side = catalog.info(a.model()).inputSize();
    return s.height() == side && s.width() == side
        ? ""
        : org.dnnbench.results.CaseKey.sizeText(s.height(), s.width());
  }

  /** The model at its size unless the default, e.g. {@code resnet18@320}. */
  public String sizedModel() {
    return inputSize.isEmpty() ? model : model + "@" + inputSize;
  }

  /** Parameter-file size in MB (fp32 weights and buffers, 10^6 bytes). */
  public double paramMb() {
    return 4.0 * (params + buffers) / 1e6;
  }
}
