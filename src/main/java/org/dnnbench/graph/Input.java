package org.dnnbench.graph;

import java.util.List;
import java.util.Objects;

/**
 * A graph input: one image (or tensor of any rank) per sample. A graph has one or more; the first
 * is the model's main input.
 *
 * @param shape per-sample shape, e.g. {@code 3x224x224}, or {@code 128} for token ids
 * @param elementType element type, {@link ElementType#FLOAT32} for images
 */
public record Input(Shape shape, ElementType elementType) implements Op {
  public Input {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(elementType, "elementType");
  }

  /** A float32 input. */
  public Input(Shape shape) {
    this(shape, ElementType.FLOAT32);
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
  public String describe() {
    return elementType == ElementType.FLOAT32 ? shape.toString() : shape + " " + elementType.id();
  }
}
