package org.dnnbench.graph;

import java.util.List;

/**
 * Local response normalization across channels (Caffe's LRN, PyTorch's {@code LocalResponseNorm},
 * ONNX {@code LRN}): {@code x / (k + alpha/size * sum(x^2))^beta}.
 */
public record Lrn(int size, double alpha, double beta, double k) implements Op {
  public Lrn {
    Op.positive("size", size);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Op.requireRank(inputs.get(0), 3, "Lrn");
    return inputs.get(0);
  }

  @Override
  public String describe() {
    return "size " + size + " alpha " + alpha + " beta " + beta + " k " + k;
  }
}
