package org.dnnbench.graph;

import java.util.List;

/** Softmax over the last axis of a vector. */
public record Softmax() implements Op {
  @Override
  public Shape outputShape(List<Shape> inputs) {
    Op.requireRank(inputs.get(0), 1, "Softmax");
    return inputs.get(0);
  }

  @Override
  public String describe() {
    return "";
  }
}
