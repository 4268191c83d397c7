package org.dnnbench.graph;

import java.util.List;

/**
 * Dropout: the identity at inference, kept so that the graph mirrors its reference definition.
 *
 * @param p the training-time drop probability
 */
public record Dropout(double p) implements Op {
  public Dropout {
    if (!(p >= 0 && p < 1)) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
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
