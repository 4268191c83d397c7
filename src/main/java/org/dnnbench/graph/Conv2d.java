package org.dnnbench.graph;

import java.util.List;

/**
 * Two-dimensional convolution, as PyTorch's {@code nn.Conv2d} and ONNX's {@code Conv}: symmetric
 * zero padding, stride, dilation and groups. Input channels are taken from the input, so a graph
 * cannot disagree with itself; use {@link ZeroPad2d} before it for asymmetric padding.
 *
 * <p>Build with {@link #of(int, int)} and the withers: {@code Conv2d.of(64,
 * 7).stride(2).pad(3).noBias()}.
 */
public record Conv2d(
    int outChannels,
    int kernelH,
    int kernelW,
    int strideH,
    int strideW,
    int padH,
    int padW,
    int dilationH,
    int dilationW,
    int groups,
    boolean bias)
    implements Op {

  public Conv2d {
    Op.positive("out channels", outChannels);
    Op.positive("kernel height", kernelH);
    Op.positive("kernel width", kernelW);
    Op.positive("stride", strideH);
    Op.positive("stride", strideW);
    Op.nonNegative("padding", padH);
    Op.nonNegative("padding", padW);
    Op.positive("dilation", dilationH);
    Op.positive("dilation", dilationW);
    Op.positive("groups", groups);
  }

  /** A {@code k x k} convolution to {@code out} channels: stride 1, no padding, with bias. */
  public static Conv2d of(int out, int k) {
    return new Conv2d(out, k, k, 1, 1, 0, 0, 1, 1, 1, true);
  }

  /** A {@code kh x kw} convolution to {@code out} channels: stride 1, no padding, with bias. */
  public static Conv2d of(int out, int kh, int kw) {
    return new Conv2d(out, kh, kw, 1, 1, 0, 0, 1, 1, 1, true);
  }

  public Conv2d stride(int s) {
    return new Conv2d(
        outChannels, kernelH, kernelW, s, s, padH, padW, dilationH, dilationW, groups, bias);
  }

  public Conv2d pad(int p) {
    return pad(p, p);
  }

  public Conv2d pad(int ph, int pw) {
    return new Conv2d(
        outChannels,
        kernelH,
        kernelW,
        strideH,
        strideW,
        ph,
        pw,
        dilationH,
        dilationW,
        groups,
        bias);
  }

  public Conv2d dilation(int d) {
    return new Conv2d(
        outChannels, kernelH, kernelW, strideH, strideW, padH, padW, d, d, groups, bias);
  }

  public Conv2d groups(int g) {
    return new Conv2d(
        outChannels, kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, g, bias);
  }

  public Conv2d bias(boolean b) {
    return new Conv2d(
        outChannels,
        kernelH,
        kernelW,
        strideH,
        strideW,
        padH,
        padW,
        dilationH,
        dilationW,
        groups,
        b);
  }

  public Conv2d noBias() {
    return bias(false);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    Op.requireRank(in, 3, "Conv2d");
    int cin = in.channels();
    if (cin % groups != 0 || outChannels % groups != 0) {
      throw new IllegalArgumentException(
          "groups "
              + groups
              + " must divide input channels "
              + cin
              + " and output channels "
              + outChannels
              + " (input "
              + in
              + ")");
    }
    int h = Windows.outSize("height", in.height(), kernelH, strideH, padH, dilationH, false);
    int w = Windows.outSize("width", in.width(), kernelW, strideW, padW, dilationW, false);
    return Shape.chw(outChannels, h, w);
  }

  /** Input channels per group. */
  private long cinPerGroup(List<Shape> inputs) {
    return inputs.get(0).channels() / groups;
  }

  @Override
  public long params(List<Shape> inputs) {
    return (long) kernelH * kernelW * cinPerGroup(inputs) * outChannels + (bias ? outChannels : 0);
  }

  @Override
  public long macs(List<Shape> inputs, Shape output) {
    return (long) kernelH * kernelW * cinPerGroup(inputs) * output.elements();
  }

  @Override
  public long biasAdds(List<Shape> inputs, Shape output) {
    return bias ? output.elements() : 0;
  }

  @Override
  public String describe() {
    var sb = new StringBuilder();
    sb.append(kernelH).append('x').append(kernelW);
    if (strideH != 1 || strideW != 1) {
      sb.append('/').append(strideH == strideW ? "" + strideH : strideH + "x" + strideW);
    }
    if (padH != 0 || padW != 0) {
      sb.append(" pad ").append(padH == padW ? "" + padH : padH + "x" + padW);
    }
    if (dilationH != 1 || dilationW != 1) {
      sb.append(" dil ")
          .append(dilationH == dilationW ? "" + dilationH : dilationH + "x" + dilationW);
    }
    if (groups != 1) {
      sb.append(" groups ").append(groups);
    }
    sb.append(" -> ").append(outChannels);
    if (!bias) {
      sb.append(" no bias");
    }
    return sb.toString();
  }
}
