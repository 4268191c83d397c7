package org.dnnbench.graph;

import java.util.List;

/**
 * Average pooling with PyTorch's semantics: floor or ceil mode, zero padding counted in the divisor
 * or not ({@code count_include_pad}, PyTorch's default true). Build with {@link #of(int, int)}.
 */
public record AvgPool2d(
    int kernelH,
    int kernelW,
    int strideH,
    int strideW,
    int padH,
    int padW,
    boolean ceilMode,
    boolean countIncludePad)
    implements Op {

  public AvgPool2d {
    Op.positive("kernel height", kernelH);
    Op.positive("kernel width", kernelW);
    Op.positive("stride", strideH);
    Op.positive("stride", strideW);
    Windows.checkPad(Op.nonNegative("padding", padH), kernelH);
    Windows.checkPad(Op.nonNegative("padding", padW), kernelW);
  }

  /** A {@code k x k} window moving by {@code stride}, no padding, floor mode, pad counted. */
  public static AvgPool2d of(int k, int stride) {
    return new AvgPool2d(k, k, stride, stride, 0, 0, false, true);
  }

  public AvgPool2d pad(int p) {
    return new AvgPool2d(kernelH, kernelW, strideH, strideW, p, p, ceilMode, countIncludePad);
  }

  public AvgPool2d ceil() {
    return new AvgPool2d(kernelH, kernelW, strideH, strideW, padH, padW, true, countIncludePad);
  }

  /** Divide by the number of real (non-padding) elements in each window. */
  public AvgPool2d excludePad() {
    return new AvgPool2d(kernelH, kernelW, strideH, strideW, padH, padW, ceilMode, false);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return Pooling.outputShape(
        "AvgPool2d", inputs.get(0), kernelH, kernelW, strideH, strideW, padH, padW, ceilMode);
  }

  @Override
  public String describe() {
    return Pooling.describe(kernelH, kernelW, strideH, strideW, padH, padW, ceilMode)
        + (padH + padW > 0 && !countIncludePad ? " exclude pad" : "");
  }
}
