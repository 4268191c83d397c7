package org.dnnbench.graph;

import java.util.List;

/** The input unchanged (ONNX {@code Identity}); a view, no MACs. */
public record Identity() implements Op {
  @Override
  public Shape outputShape(List<Shape> inputs) {
    return inputs.get(0);
  }

  @Override
  public boolean aliasesInput() {
    return true;
  }

  @Override
  public String describe() {
    return "";
  }
}
