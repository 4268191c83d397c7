package org.dnnbench.graph;

import java.util.List;

/** Element-wise sum of two or more tensors, with broadcasting (residual connections). */
public record Add() implements Op {
  @Override
  public int minInputs() {
    return 2;
  }

  @Override
  public int maxInputs() {
    return Integer.MAX_VALUE;
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return Broadcast.shape("Add", inputs);
  }

  @Override
  public String describe() {
    return "";
  }
}
