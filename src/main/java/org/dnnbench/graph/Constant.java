package org.dnnbench.graph;

import java.util.List;
import java.util.Objects;

/**
 * A tensor that is not computed from the input: a trainable parameter used as a tensor (ViT's class
 * token and position embedding, ConvNeXt's layer scale, Swin's relative-position-bias table), a
 * stored non-trainable buffer, or a literal of the computation (GELU's {@code sqrt 2}, a norm's
 * epsilon). It has no inputs and the same value for every sample: its shape is the whole tensor's,
 * and it broadcasts against the batch of the tensors it meets (exported with a leading 1).
 *
 * <p>A {@link Role#PARAMETER} counts its elements as parameters, a {@link Role#BUFFER} as buffers,
 * a {@link Role#LITERAL} as neither (as PyTorch counts a Python number in {@code forward}).
 * Activation memory counts none of them.
 *
 * @param shape the tensor's shape
 * @param role how it is counted
 * @param values its values in row-major order: empty for random (parameters: uniform in [-0.02,
 *     0.02], the range of ViT's truncated normal initialisation; buffers and literals: zeros), one
 *     value to fill the tensor with, or exactly one per element
 */
public record Constant(Shape shape, Role role, List<Double> values) implements Op {
  /** How a constant is counted. */
  public enum Role {
    PARAMETER,
    BUFFER,
    LITERAL
  }

  public Constant {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(role, "role");
    values = List.copyOf(values);
    if (values.size() > 1 && values.size() != shape.elements()) {
      throw new IllegalArgumentException(
          "a constant of shape "
              + shape
              + " needs 0, 1 or "
              + shape.elements()
              + " values, got "
              + values.size());
    }
  }

  /** A trainable parameter of that shape with random values. */
  public static Constant parameter(Shape shape) {
    return new Constant(shape, Role.PARAMETER, List.of());
  }

  /** A trainable parameter filled with {@code value} (e.g. ConvNeXt's layer scale of 1e-6). */
  public static Constant parameter(Shape shape, double value) {
    return new Constant(shape, Role.PARAMETER, List.of(value));
  }

  /** A non-trainable buffer filled with {@code value}. */
  public static Constant buffer(Shape shape, double value) {
    return new Constant(shape, Role.BUFFER, List.of(value));
  }

  /** A literal number, shape {@code 1}, broadcasting against anything. */
  public static Constant scalar(double value) {
    return new Constant(Shape.of(1), Role.LITERAL, List.of(value));
  }

  /** A literal tensor with one value per element. */
  public static Constant literal(Shape shape, List<Double> values) {
    return new Constant(shape, Role.LITERAL, values);
  }

  /** The value of element {@code i}, or {@code Double.NaN} when the constant is random. */
  public double value(long i) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    return values.size() == 1 ? values.get(0) : values.get((int) i);
  }

  @Override
  public int minInputs() {
    return 0;
  }

  @Override
  public int maxInputs() {
    return 0;
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return shape;
  }

  @Override
  public long params(List<Shape> inputs) {
    return role == Role.PARAMETER ? shape.elements() : 0;
  }

  @Override
  public long buffers(List<Shape> inputs) {
    return role == Role.BUFFER ? shape.elements() : 0;
  }

  @Override
  public String describe() {
    String what =
        switch (role) {
          case PARAMETER -> "parameter";
          case BUFFER -> "buffer";
          case LITERAL -> "literal";
        };
    return what + " " + shape + (values.size() == 1 ? " = " + values.get(0) : "");
  }
}
