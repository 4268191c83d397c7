package org.dnnbench.graph;

import java.util.List;

/**
 * Max pooling with PyTorch's semantics: implicit padding of -inf, floor or ceil mode. Build with
 * {@link #of(int, int)}: {@code MaxPool2d.of(3, 2).pad(1)} or {@code MaxPool2d.of(3, 2).ceil()}.
 */
public record MaxPool2d(
    int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, boolean ceilMode)
    implements Op {

  public MaxPool2d {
    Op.positive("kernel height", kernelH);
    Op.positive("kernel width", kernelW);
    Op.positive("stride", strideH);
    Op.positive("stride", strideW);
    Windows.checkPad(Op.nonNegative("padding", padH), kernelH);
    Windows.checkPad(Op.nonNegative("padding", padW), kernelW);
  }

  /** A {@code k x k} window moving by {@code stride}, no padding, floor mode. */
  public static MaxPool2d of(int k, int stride) {
    return new MaxPool2d(k, k, stride, stride, 0, 0, false);
  }

  public MaxPool2d pad(int p) {
    return new MaxPool2d(kernelH, kernelW, strideH, strideW, p, p, ceilMode);
  }

  public MaxPool2d ceil() {
    return new MaxPool2d(kernelH, kernelW, strideH, strideW, padH, padW, true);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return Pooling.outputShape(
        "MaxPool2d", inputs.get(0), kernelH, kernelW, strideH, strideW, padH, padW, ceilMode);
  }

  @Override
  public String describe() {
    return Pooling.describe(kernelH, kernelW, strideH, strideW, padH, padW, ceilMode);
  }
}
