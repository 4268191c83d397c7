package org.dnnbench.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * A view of each sample in another shape ({@code torch.reshape} / ONNX {@code Reshape} with the
 * batch axis kept): {@code 768x14x14 -> 768x196}. One target dimension may be -1, inferred from the
 * element count. Counts no MACs.
 *
 * @param target the per-sample target shape
 */
public record Reshape(List<Integer> target) implements Op {
  public Reshape {
    target = List.copyOf(target);
    if (target.isEmpty()) {
      throw new IllegalArgumentException("a reshape needs a target of rank >= 1");
    }
    int inferred = 0;
    for (int d : target) {
      if (d == -1) {
        inferred++;
      } else if (d < 1) {
        throw new IllegalArgumentException("reshape target dims must be >= 1 or -1, got " + target);
      }
    }
    if (inferred > 1) {
      throw new IllegalArgumentException("at most one reshape dim may be -1, got " + target);
    }
  }

  /** A reshape to {@code dims}. */
  public static Reshape to(int... dims) {
    return new Reshape(java.util.Arrays.stream(dims).boxed().toList());
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    long known = 1;
    for (int d : target) {
      if (d != -1) {
        known *= d;
      }
    }
    var out = new ArrayList<>(target);
    int free = out.indexOf(-1);
    if (free >= 0) {
      if (in.elements() % known != 0) {
        throw new IllegalArgumentException("cannot reshape " + in + " to " + target);
      }
      out.set(free, Axes.toInt(in.elements() / known, "reshape of " + in));
    } else if (known != in.elements()) {
      throw new IllegalArgumentException(
          "cannot reshape " + in + " (" + in.elements() + " elements) to " + target);
    }
    return new Shape(out);
  }

  @Override
  public boolean aliasesInput() {
    return true;
  }

  @Override
  public String describe() {
    return "-> " + target;
  }
}
