package org.dnnbench.graph;

import java.util.List;

/**
 * ShuffleNet's channel shuffle: view channels as {@code groups x C/groups}, transpose, flatten.
 *
 * @param groups number of groups; must divide the channels
 */
public record ChannelShuffle(int groups) implements Op {
  public ChannelShuffle {
    Op.positive("groups", groups);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    Op.requireRank(in, 3, "ChannelShuffle");
    if (in.channels() % groups != 0) {
      throw new IllegalArgumentException(
          "groups " + groups + " must divide channels " + in.channels() + " (input " + in + ")");
    }
    return in;
  }

  @Override
  public String describe() {
    return "groups " + groups;
  }
}
