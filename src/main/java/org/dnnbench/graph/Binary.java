package org.dnnbench.graph;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An element-wise binary op with numpy broadcasting of the per-sample shapes, right-aligned,
 * between activations and/or {@link Constant}s; counts no MACs. Sums and products are {@link Add}
 * and {@link Mul}.
 *
 * @param fn which operation
 */
public record Binary(Fn fn) implements Op {
  /** The operations. Each is the ONNX operator of the same name. */
  public enum Fn {
    SUB,
    DIV,
    POW,
    MAX,
    MIN;

    /** The ONNX operator name, e.g. {@code Sub}. */
    public String onnxName() {
      String n = name().toLowerCase(Locale.ROOT);
      return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
  }

  public static final Binary SUB = new Binary(Fn.SUB);
  public static final Binary DIV = new Binary(Fn.DIV);
  public static final Binary POW = new Binary(Fn.POW);

  public Binary {
    Objects.requireNonNull(fn, "fn");
  }

  @Override
  public String type() {
    return fn.onnxName();
  }

  @Override
  public int minInputs() {
    return 2;
  }

  @Override
  public int maxInputs() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return Broadcast.shape(type(), inputs);
  }

  @Override
  public String describe() {
    return "";
  }
}
