package org.dnnbench.graph;

import java.util.List;

/**
 * PyTorch's {@code AdaptiveAvgPool2d} to {@code outH x outW}, for any input size: output row {@code
 * i} averages input rows {@code [floor(i*H/outH), ceil((i+1)*H/outH))} (and likewise for columns),
 * so bins of uneven sizes overlap where {@code H} is not a multiple of {@code outH}, and an input
 * smaller than the output repeats rows (VGG's 10x10 -> 7x7 at 320, 5x5 -> 7x7 at 160). Where the
 * sides divide evenly it is an average pool with kernel and stride {@code in/out}. Like every pool
 * it counts no MACs and has no parameters.
 */
public record AdaptiveAvgPool2d(int outH, int outW) implements Op {
  public AdaptiveAvgPool2d {
    Op.positive("output height", outH);
    Op.positive("output width", outW);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    Op.requireRank(in, 3, "AdaptiveAvgPool2d");
    return Shape.chw(in.channels(), outH, outW);
  }

  /** Whether both input sides are whole multiples of the output's (an even average pool). */
  public boolean dividesEvenly(Shape in) {
    return in.height() % outH == 0 && in.width() % outW == 0;
  }

  /** First input index of output bin {@code i} of {@code out} over {@code in}: PyTorch's floor. */
  public static int binStart(int i, int in, int out) {
    return (int) ((long) i * in / out);
  }

  /** One past the last input index of output bin {@code i}: PyTorch's ceil. */
  public static int binEnd(int i, int in, int out) {
    return (int) (((long) (i + 1) * in + out - 1) / out);
  }

  @Override
  public String describe() {
    return "-> " + outH + "x" + outW;
  }
}
