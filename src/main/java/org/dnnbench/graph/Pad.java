package org.dnnbench.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Padding of every per-sample axis (ONNX {@code Pad}, the batch axis unpadded): constant, reflect
 * or edge. For the common zero padding of a feature map see {@link ZeroPad2d}. Counts no MACs.
 *
 * @param begins elements added before each axis
 * @param ends elements added after each axis
 * @param mode how new elements are filled
 * @param value the fill value in {@link Mode#CONSTANT} mode
 */
public record Pad(List<Integer> begins, List<Integer> ends, Mode mode, double value) implements Op {
  /** ONNX's padding modes. */
  public enum Mode {
    CONSTANT,
    REFLECT,
    EDGE
  }

  public Pad {
    begins = List.copyOf(begins);
    ends = List.copyOf(ends);
    Objects.requireNonNull(mode, "mode");
    if (begins.size() != ends.size()) {
      throw new IllegalArgumentException(
          "pad begins " + begins + " and ends " + ends + " differ in length");
    }
    begins.forEach(p -> Op.nonNegative("padding", p));
    ends.forEach(p -> Op.nonNegative("padding", p));
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    if (in.rank() != begins.size()) {
      throw new IllegalArgumentException(
          "padding of "
              + begins.size()
              + " axes needs a rank-"
              + begins.size()
              + " sample, got "
              + in);
    }
    var out = new ArrayList<Integer>();
    for (int i = 0; i < in.rank(); i++) {
      if (mode == Mode.REFLECT && (begins.get(i) >= in.dim(i) || ends.get(i) >= in.dim(i))) {
        throw new IllegalArgumentException(
            "reflect padding must be smaller than axis " + i + " of " + in);
      }
      out.add(in.dim(i) + begins.get(i) + ends.get(i));
    }
    return new Shape(out);
  }

  @Override
  public String describe() {
    return mode.name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + begins
        + " "
        + ends
        + (mode == Mode.CONSTANT && value != 0 ? " value " + value : "");
  }
}
