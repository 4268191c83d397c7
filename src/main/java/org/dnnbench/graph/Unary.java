package org.dnnbench.graph;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An element-wise math function of any rank, as ONNX spells out activations and normalizations
 * (GELU as Erf, LayerNorm as Sqrt and Reciprocal); counts no MACs.
 *
 * @param fn which function
 */
public record Unary(Fn fn) implements Op {
  /** The functions. Each is the ONNX operator of the same name. */
  public enum Fn {
    ERF,
    EXP,
    LOG,
    SQRT,
    RECIPROCAL,
    NEG,
    ABS,
    SIN,
    COS,
    FLOOR,
    CEIL;

    /** The ONNX operator name, e.g. {@code Erf}. */
    public String onnxName() {
      String n = name().toLowerCase(Locale.ROOT);
      return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
  }

  public Unary {
    Objects.requireNonNull(fn, "fn");
  }

  @Override
  public String type() {
    return fn.onnxName();
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
