package org.dnnbench.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * A lookup table ({@code nn.Embedding}; ONNX {@code Gather} of the table by the indices): integer
 * indices of any shape {@code S} give {@code S x dim}, e.g. token ids {@code 128 -> 128x768}.
 * Parameters: {@code num * dim}; no MACs.
 *
 * @param num rows of the table (vocabulary size)
 * @param dim columns (embedding size)
 */
public record Embedding(int num, int dim) implements Op {
  public Embedding {
    Op.positive("table rows", num);
    Op.positive("embedding size", dim);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    var out = new ArrayList<>(inputs.get(0).dims());
    out.add(dim);
    return new Shape(out);
  }

  @Override
  public long params(List<Shape> inputs) {
    return (long) num * dim;
  }

  @Override
  public String describe() {
    return num + " x " + dim;
  }
}
