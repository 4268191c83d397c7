package org.dnnbench.graph;

import java.util.List;

/** Flattens each sample to a vector: {@code C x H x W -> C*H*W}; a view, no copy. */
public record Flatten() implements Op {
  @Override
  public Shape outputShape(List<Shape> inputs) {
    long n = inputs.get(0).elements();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many elements to flatten: " + inputs.get(0));
    }
    return Shape.of((int) n);
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
