package org.dnnbench.results;

import java.util.Objects;

/**
 * Which case of a run a result is: a model at a batch size. With the machine, engine and execution
 * provider of its {@link Environment} it is the store's resume key: a run asks the store which of
 * its planned keys are already stored there and measures only the rest. A setting that makes a
 * different case (a precision, an input shape) is a component here, so that the plan, the resume
 * check and the stored row all see it.
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
