package org.dnnbench.graph;

import java.util.List;

/**
 * Batch normalization over channels, in inference mode: trainable scale and shift (counted as
 * parameters) and running mean and variance (counted as buffers, not parameters).
 *
 * @param eps the variance epsilon
 */
public record BatchNorm(double eps) implements Op {
  /** PyTorch's default epsilon, 1e-5. */
  public static final BatchNorm DEFAULT = new BatchNorm(1e-5);

  public BatchNorm {
    if (!(eps > 0)) {
      throw new IllegalArgumentException("eps must be > 0, got " + eps);
    }
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    if (in.rank() != 3 && in.rank() != 1) {
      throw new IllegalArgumentException("BatchNorm needs C x H x W or C per sample, got " + in);
    }
    return in;
  }

  @Override
  public long params(List<Shape> inputs) {
    return 2L * inputs.get(0).channels();
  }

  @Override
  public long buffers(List<Shape> inputs) {
    return 2L * inputs.get(0).channels();
  }

  @Override
  public String describe() {
    return "eps " + eps;
  }
}
