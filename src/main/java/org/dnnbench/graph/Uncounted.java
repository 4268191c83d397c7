package org.dnnbench.graph;

import java.util.List;
import java.util.Objects;

/**
 * A node dnnbench cannot count (an ONNX op outside the importer's table, such as NonMaxSuppression
 * or TopK): taken at the output shape ONNX Runtime gives it, with no parameters and no MACs, and
 * named by the analysis as uncounted, never silently.
 *
 * @param opType the ONNX op type, e.g. {@code TopK}
 * @param shape the output's per-sample shape as ONNX Runtime computed it
 * @param output which output of the ONNX node this is (0 for the first; a node is counted once)
 */
public record Uncounted(String opType, Shape shape, int output) implements Op {
  public Uncounted {
    Objects.requireNonNull(opType, "opType");
    Objects.requireNonNull(shape, "shape");
  }

  @Override
  public int minInputs() {
    return 0;
  }

  @Override
  public int maxInputs() {
    return Integer.MAX_VALUE;
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return shape;
  }

  @Override
  public String describe() {
    return output == 0 ? opType : opType + " output " + output;
  }
}
