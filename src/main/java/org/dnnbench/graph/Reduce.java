package org.dnnbench.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A reduction over per-sample axes (negative counts from the end), keeping them as 1 or dropping
 * them: ONNX {@code ReduceMean}, {@code ReduceL2}, ... (a spatial mean before the classifier, Swin
 * V2's cosine attention's L2 norm, a LayerNorm's mean). A reduction may not drop every axis. Counts
 * no MACs.
 *
 * @param fn which reduction
 * @param axes the per-sample axes
 * @param keepDims whether reduced axes stay as 1
 */
public record Reduce(Fn fn, List<Integer> axes, boolean keepDims) implements Op {
  /** The reductions; each is the ONNX operator {@code Reduce} + the name. */
  public enum Fn {
    MEAN("Mean"),
    SUM("Sum"),
    MAX("Max"),
    MIN("Min"),
    L2("L2");

    private final String suffix;

    Fn(String suffix) {
      this.suffix = suffix;
    }

    /** The ONNX operator name, e.g. {@code ReduceMean}. */
    public String onnxName() {
      return "Reduce" + suffix;
    }
  }

  public Reduce {
    Objects.requireNonNull(fn, "fn");
    axes = List.copyOf(axes);
    if (axes.isEmpty()) {
      throw new IllegalArgumentException("a reduction needs at least one axis");
    }
  }

  @Override
  public String type() {
    return fn.onnxName();
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    List<Integer> reduced = Axes.normalize(axes, in.rank(), type());
    var out = new ArrayList<Integer>();
    for (int i = 0; i < in.rank(); i++) {
      if (!reduced.contains(i)) {
        out.add(in.dim(i));
      } else if (keepDims) {
        out.add(1);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          type() + " over every axis of " + in + " needs keepDims (a sample keeps rank >= 1)");
    }
    return new Shape(out);
  }

  @Override
  public String describe() {
    return "axes " + axes + (keepDims ? " keepdims" : "");
  }
}
