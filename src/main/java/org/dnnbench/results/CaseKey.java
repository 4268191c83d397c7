package org.dnnbench.results;

import java.util.Objects;

/**
 * Which case of a run a result is: a model at a batch size in a precision. With the machine, engine
 * and execution provider of its {@link Environment} it is the store's resume key: a run asks the
 * store which of its planned keys are already stored there and measures only the rest. A setting
 * that makes a different case is a component here (the precision), or in the attempt's settings key
 * (an input shape), so that the plan, the resume check and the stored row all see it.
 *
 * @param model catalog id or ONNX file name
 * @param batch batch size
 * @param precision the precision the model ran in ({@link Precision#FP32} for rows stored before
 *     precision was recorded)
 */
public record CaseKey(String model, int batch, Precision precision) {
  public CaseKey {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(precision, "precision");
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
  }

  /** An fp32 case. */
  public CaseKey(String model, int batch) {
    this(model, batch, Precision.FP32);
  }

  /** The model with its precision unless fp32, e.g. {@code resnet50 [int8]}. */
  public String label() {
    return precision == Precision.FP32 ? model : model + " [" + precision.id() + "]";
  }
}
