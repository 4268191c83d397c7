package org.dnnbench.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How much the engine may rewrite the graph before running it (ONNX Runtime's levels). */
public enum OptimizationLevel {
  /** No graph rewriting. */
  NONE,
  /** Constant folding, redundant node elimination. */
  BASIC,
  /** Basic plus node fusions (Conv+BN, Conv+ReLU, ...). */
  EXTENDED,
  /** Everything, including layout transformations (ONNX Runtime's default). */
  ALL;

  /** The level's name on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The level of that name, or an error naming the valid ones. */
  public static OptimizationLevel byId(String id) {
    for (OptimizationLevel l : values()) {
      if (l.id().equalsIgnoreCase(id.trim())) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "unknown optimization level '"
            + id
            + "'; valid: "
            + Arrays.stream(values()).map(OptimizationLevel::id).collect(Collectors.joining(", ")));
  }
}
