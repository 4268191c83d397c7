package org.dnnbench.graph;

import java.util.List;

/**
 * Transposed 2-D convolution ({@code nn.ConvTranspose2d}, ONNX {@code ConvTranspose}): output side
 * {@code (in - 1) * stride - 2 * pad + dilation * (k - 1) + outputPad + 1}. Parameters: {@code Cin
 * * Cout/groups * kh * kw} (+ Cout bias). MACs: every input position is multiplied by its whole
 * kernel, {@code kh * kw * Cin * Cout/groups * Hin * Win}, as fvcore and ptflops count it.
 */
public record ConvTranspose2d(
    int outChannels,
    int kernelH,
    int kernelW,
    int stride,
    int pad,
    int outputPad,
    int dilation,
    int groups,
    boolean bias)
    implements Op {
  public ConvTranspose2d {
    Op.positive("out channels", outChannels);
    Op.positive("kernel height", kernelH);
    Op.positive("kernel width", kernelW);
    Op.positive("stride", stride);
    Op.nonNegative("padding", pad);
    Op.nonNegative("output padding", outputPad);
    Op.positive("dilation", dilation);
    Op.positive("groups", groups);
    if (outputPad >= Math.max(stride, dilation)) {
      throw new IllegalArgumentException(
          "output padding " + outputPad + " must be smaller than the stride or the dilation");
    }
  }

  /** A {@code k x k} transposed convolution by {@code stride}, no padding, with bias. */
  public static ConvTranspose2d of(int out, int k, int stride) {
    return new ConvTranspose2d(out, k, k, stride, 0, 0, 1, 1, true);
  }

  private int outSize(int in, int k) {
    return (in - 1) * stride - 2 * pad + dilation * (k - 1) + outputPad + 1;
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    Op.requireRank(in, 3, "ConvTranspose2d");
    if (in.channels() % groups != 0 || outChannels % groups != 0) {
      throw new IllegalArgumentException(
          "groups "
              + groups
              + " must divide input and output channels (input "
              + in
              + ", out "
              + outChannels
              + ")");
    }
    int h = outSize(in.height(), kernelH);
    int w = outSize(in.width(), kernelW);
    if (h < 1 || w < 1) {
      throw new IllegalArgumentException("padding " + pad + " leaves no output for input " + in);
    }
    return Shape.chw(outChannels, h, w);
  }

  @Override
  public long params(List<Shape> inputs) {
    return (long) inputs.get(0).channels() * (outChannels / groups) * kernelH * kernelW
        + (bias ? outChannels : 0);
  }

  @Override
  public long macs(List<Shape> inputs, Shape output) {
    Shape in = inputs.get(0);
    return (long) kernelH * kernelW * (outChannels / groups) * in.elements();
  }

  @Override
  public long biasAdds(List<Shape> inputs, Shape output) {
    return bias ? output.elements() : 0;
  }

  @Override
  public String describe() {
    return kernelH
        + "x"
        + kernelW
        + "/"
        + stride
        + (pad == 0 ? "" : " pad " + pad)
        + (outputPad == 0 ? "" : " out pad " + outputPad)
        + (dilation == 1 ? "" : " dil " + dilation)
        + (groups == 1 ? "" : " groups " + groups)
        + " -> "
        + outChannels
        + (bias ? "" : " no bias");
  }
}
