package org.dnnbench.graph;

import java.util.List;

/**
 * PyTorch's {@code AdaptiveAvgPool2d} to {@code outH x outW}, restricted to inputs whose sides are
 * multiples of the output's, where it equals an average pool with kernel and stride {@code in/out}
 * (an exact ONNX equivalent exists only then). At the models' own resolutions this is the case
 * (e.g. AlexNet's 6x6 and VGG's 7x7 pools are identities there).
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
    if (in.height() % outH != 0 || in.width() % outW != 0) {
      throw new IllegalArgumentException(
          "input "
              + in
              + " is not a whole multiple of the output "
              + outH
              + "x"
              + outW
              + "; only evenly dividing adaptive pooling is supported");
    }
    return Shape.chw(in.channels(), outH, outW);
  }

  @Override
  public String describe() {
    return "-> " + outH + "x" + outW;
  }
}
