package org.dnnbench.graph;

import java.util.List;

/** Average over all positions of each channel: {@code C x H x W -> C x 1 x 1}. */
public record GlobalAvgPool() implements Op {
  @Override
  public Shape outputShape(List<Shape> inputs) {
    Op.requireRank(inputs.get(0), 3, "GlobalAvgPool");
    return Shape.chw(inputs.get(0).channels(), 1, 1);
  }

  @Override
  public String describe() {
    return "";
  }
}
