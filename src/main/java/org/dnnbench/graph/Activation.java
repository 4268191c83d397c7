package org.dnnbench.graph;

import java.util.List;

/**
 * Element-wise activation function of any rank; counts no MACs.
 *
 * @param kind which function
 */
public record Activation(Kind kind) implements Op {
  /** The activation functions the graph knows. */
  public enum Kind {
    /** max(0, x). */
    RELU,
    /** min(max(0, x), 6), as in MobileNet. */
    RELU6,
    /** 1 / (1 + e^-x). */
    SIGMOID,
    /** tanh(x). */
    TANH,
    /** x * relu6(x + 3) / 6, as in MobileNet v3. */
    HARD_SWISH,
    /** relu6(x + 3) / 6, PyTorch's {@code Hardsigmoid} (ONNX HardSigmoid, alpha 1/6, beta 1/2). */
    HARD_SIGMOID,
    /** x * sigmoid(x), also called swish (EfficientNet). */
    SILU,
    /** x * (1 + erf(x / sqrt 2)) / 2, exact GELU (ViT, Swin, ConvNeXt, BERT). */
    GELU,
    /** x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))) / 2, GELU's tanh approximation. */
    GELU_TANH
  }

  public static final Activation RELU = new Activation(Kind.RELU);
  public static final Activation RELU6 = new Activation(Kind.RELU6);
  public static final Activation SIGMOID = new Activation(Kind.SIGMOID);
  public static final Activation TANH = new Activation(Kind.TANH);
  public static final Activation HARD_SWISH = new Activation(Kind.HARD_SWISH);
  public static final Activation HARD_SIGMOID = new Activation(Kind.HARD_SIGMOID);
  public static final Activation SILU = new Activation(Kind.SILU);
  public static final Activation GELU = new Activation(Kind.GELU);
  public static final Activation GELU_TANH = new Activation(Kind.GELU_TANH);

  public Activation {
    java.util.Objects.requireNonNull(kind, "kind");
  }

  @Override
  public String type() {
    return switch (kind) {
      case RELU -> "ReLU";
      case RELU6 -> "ReLU6";
      case SIGMOID -> "Sigmoid";
      case TANH -> "Tanh";
      case HARD_SWISH -> "HardSwish";
      case HARD_SIGMOID -> "HardSigmoid";
      case SILU -> "SiLU";
      case GELU -> "GELU";
      case GELU_TANH -> "GELU";
    };
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return inputs.get(0);
  }

  @Override
  public String describe() {
    return kind == Kind.GELU_TANH ? "tanh approximation" : "";
  }
}
