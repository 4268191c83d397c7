package org.dnnbench.graph;

import java.util.List;

/**
 * {@code x >= 0 ? x : alpha * x}, element-wise on any rank; counts no MACs.
 *
 * @param alpha the slope for negative inputs (PyTorch's default 0.01)
 */
public record LeakyRelu(double alpha) implements Op {
  @Override
  public String type() {
    return "LeakyReLU";
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return inputs.get(0);
  }

  @Override
  public String describe() {
    return "alpha " + alpha;
  }
}
