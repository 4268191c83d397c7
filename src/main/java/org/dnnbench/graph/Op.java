package org.dnnbench.graph;

import java.util.List;

/**
 * A layer's operation. The set is closed: analysis, export and import handle every op, so a new op
 * needs its record here, with its shape rule, parameter count and multiply-add count, plus cases in
 * the exporter and importer ({@code OnnxExporterCoverageTest} fails for an op the exporter lacks).
 *
 * <p>Shapes are per sample and of any rank ({@code 3x224x224}, tokens {@code 197x768}, heads {@code
 * 12x197x64}); the batch is the leading, symbolic axis and never stored. MACs count every matrix
 * product: convolutions, fully connected layers and {@link MatMul}s between activations (attention
 * included); element-wise, normalization and data-movement ops count none.
 *
 * <p>Every method is a pure function of the op's attributes and its input shapes (per sample, see
 * {@link Shape}). {@link #outputShape} throws {@link IllegalArgumentException} with a message that
 * names the offending shapes; the {@link GraphBuilder} adds the node's name and op.
 */
public sealed interface Op
    permits Input,
        Conv2d,
        Linear,
        BatchNorm,
        Activation,
        MaxPool2d,
        AvgPool2d,
        GlobalAvgPool,
        AdaptiveAvgPool2d,
        Lrn,
        Add,
        Mul,
        Concat,
        ChannelShuffle,
        Flatten,
        Dropout,
        Softmax,
        ZeroPad2d,
        Slice,
        LeakyRelu,
        PRelu,
        Unary,
        Binary,
        Constant,
        MatMul,
        LayerNorm,
        Reduce,
        Reshape,
        Transpose,
        Squeeze,
        Unsqueeze,
        Gather,
        Expand,
        Tile,
        Pad,
        Resize,
        ConvTranspose2d,
        Cast,
        Identity,
        StochasticDepth,
        Embedding,
        Uncounted {

  /** The op's short type name, e.g. {@code Conv2d}. */
  default String type() {
    return getClass().getSimpleName();
  }

  /** Fewest inputs the op takes. */
  default int minInputs() {
    return 1;
  }

  /** Most inputs the op takes. */
  default int maxInputs() {
    return 1;
  }

  /** The output shape, or an {@link IllegalArgumentException} explaining why there is none. */
  Shape outputShape(List<Shape> inputs);

  /** Trainable parameters (weights, biases, batch-norm scale and shift). */
  default long params(List<Shape> inputs) {
    return 0;
  }

  /** Stored but non-trainable values (batch-norm running mean and variance). */
  default long buffers(List<Shape> inputs) {
    return 0;
  }

  /**
   * Multiply-accumulates per sample of the op's products: {@code kh*kw*(Cin/groups)*Cout*Hout*Wout}
   * for a convolution, {@code in*out} per position for a fully connected layer, {@code M*K*N} per
   * broadcast matrix for a {@link MatMul}, 0 for every op without a product.
   */
  default long macs(List<Shape> inputs, Shape output) {
    return 0;
  }

  /** Bias additions per sample (one per output element of a layer with a bias), else 0. */
  default long biasAdds(List<Shape> inputs, Shape output) {
    return 0;
  }

  /**
   * Whether the output is a view of the first input (reshape, inference-time dropout), so it needs
   * no memory of its own.
   */
  default boolean aliasesInput() {
    return false;
  }

  /** Attributes in a few words, e.g. {@code 3x3/2 pad 1 -> 64}. */
  String describe();

  /** Checks a per-sample rank; used by ops that need feature maps or vectors. */
  static void requireRank(Shape s, int rank, String what) {
    if (s.rank() != rank) {
      throw new IllegalArgumentException(
          what + " needs a rank-" + rank + " input per sample, got " + s);
    }
  }

  /** Checks that a value is positive; names it in the error. */
  static int positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  /** Checks that a value is non-negative; names it in the error. */
  static int nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }
}
