package org.dnnbench.store;

import java.util.Objects;

/**
 * One benchmark case of a run on one machine and execution provider: a model at a batch size. A run
 * asks the store which of its planned keys are already stored and measures only the rest.
 *
 * @param model catalog id or ONNX file name
 * @param batch batch size
 */
public record CaseKey(String model, int batch) {
  public CaseKey {
    Objects.requireNonNull(model, "model");
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
  }
}
