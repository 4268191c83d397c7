package org.dnnbench.graph;

import java.util.List;

/**
 * Zero padding of a feature map, possibly asymmetric (PyTorch's {@code ZeroPad2d((left, right, top,
 * bottom))}).
 */
public record ZeroPad2d(int left, int right, int top, int bottom) implements Op {
  public ZeroPad2d {
    Op.nonNegative("left padding", left);
    Op.nonNegative("right padding", right);
    Op.nonNegative("top padding", top);
    Op.nonNegative("bottom padding", bottom);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    Op.requireRank(in, 3, "ZeroPad2d");
    return Shape.chw(in.channels(), in.height() + top + bottom, in.width() + left + right);
  }

  @Override
  public String describe() {
    return "l " + left + " r " + right + " t " + top + " b " + bottom;
  }
}
