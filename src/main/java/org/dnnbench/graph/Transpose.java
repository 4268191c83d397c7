package org.dnnbench.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * A permutation of the per-sample axes ({@code torch.permute} without the batch axis; ONNX {@code
 * Transpose} with the batch axis kept first): {@code perm [1, 2, 0]} takes {@code CxHxW} to {@code
 * HxWxC}. Output axis {@code i} is input axis {@code perm[i]}. Copies; counts no MACs.
 *
 * @param perm a permutation of {@code 0 .. rank-1}
 */
public record Transpose(List<Integer> perm) implements Op {
  public Transpose {
    perm = List.copyOf(perm);
    for (int i = 0; i < perm.size(); i++) {
      if (!perm.contains(i)) {
        throw new IllegalArgumentException(
            "not a permutation of 0.." + (perm.size() - 1) + ": " + perm);
      }
    }
  }

  /** A transpose by {@code perm}. */
  public static Transpose of(int... perm) {
    return new Transpose(java.util.Arrays.stream(perm).boxed().toList());
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    if (in.rank() != perm.size()) {
      throw new IllegalArgumentException(
          "perm " + perm + " needs a rank-" + perm.size() + " sample, got " + in);
    }
    var out = new ArrayList<Integer>();
    for (int p : perm) {
      out.add(in.dim(p));
    }
    return new Shape(out);
  }

  @Override
  public String describe() {
    return "perm " + perm;
  }
}
