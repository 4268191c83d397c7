package org.dnnbench.graph;

import java.util.List;

/**
 * Element-wise activation function.
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
    HARD_SWISH
  }

  public static final Activation RELU = new Activation(Kind.RELU);
  public static final Activation RELU6 = new Activation(Kind.RELU6);
  public static final Activation SIGMOID = new Activation(Kind.SIGMOID);

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
    };
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return inputs.get(0);
  }

  @Override
  public String describe() {
    return "";
  }
}
