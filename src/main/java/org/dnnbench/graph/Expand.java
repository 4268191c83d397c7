package org.dnnbench.graph;

import java.util.List;

/**
 * Broadcasts a sample to a larger shape (ONNX {@code Expand}, numpy rules, right-aligned), e.g. a
 * {@code 1x768} token to {@code 196x768}. Copies; counts no MACs.
 *
 * @param target the per-sample shape to broadcast to
 */
public record Expand(Shape target) implements Op {
  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape out = Broadcast.shape("Expand", List.of(inputs.get(0), target));
    return out;
  }

  @Override
  public String describe() {
    return "-> " + target;
  }
}
