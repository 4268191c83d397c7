package org.dnnbench.graph;

import java.util.List;

/**
 * PyTorch's {@code PReLU}: {@code x >= 0 ? x : a * x} with a learned slope {@code a}, one for all
 * (numParameters 1) or one per channel (the first per-sample axis). Counts its slopes as parameters
 * and no MACs.
 *
 * @param numParameters 1 or the number of channels
 */
public record PRelu(int numParameters) implements Op {
  public PRelu {
    Op.positive("number of parameters", numParameters);
  }

  @Override
  public String type() {
    return "PReLU";
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    if (numParameters != 1 && in.channels() != numParameters) {
      throw new IllegalArgumentException(
          "PReLU with " + numParameters + " slopes needs as many channels, got " + in);
    }
    return in;
  }

  @Override
  public long params(List<Shape> inputs) {
    return numParameters;
  }

  @Override
  public String describe() {
    return numParameters == 1 ? "shared slope" : numParameters + " slopes";
  }
}
