package org.dnnbench.graph;

import java.util.List;

/**
 * Stochastic depth (torchvision's {@code StochasticDepth}, Huang et al. 2016): drops a residual
 * branch at training time, the identity at inference; kept so that the graph mirrors its reference
 * definition. A view, no MACs.
 *
 * @param p the training-time drop probability
 */
public record StochasticDepth(double p) implements Op {
  public StochasticDepth {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("drop probability must be in [0, 1), got " + p);
    }
  }

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
    return "p " + p;
  }
}
