package org.dnnbench.graph;

import java.util.List;
import java.util.Objects;

/**
 * Conversion of the elements to another type (ONNX {@code Cast}), e.g. a boolean mask to float.
 * Counts no MACs.
 *
 * @param to the element type of the output
 */
public record Cast(ElementType to) implements Op {
  public Cast {
    Objects.requireNonNull(to, "to");
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return inputs.get(0);
  }

  @Override
  public String describe() {
    return "-> " + to.id();
  }
}
