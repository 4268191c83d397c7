package org.dnnbench.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Matrix product of two tensors of per-sample rank at least 2, as numpy's and ONNX's {@code
 * MatMul}: {@code [..., M, K] x [..., K, N] -> [..., M, N]} with the leading (batch) axes
 * broadcast, e.g. attention's {@code Q K^T}: {@code 12x197x64 x 12x64x197 -> 12x197x197}. Either
 * side may be a {@link Constant}. MACs: {@code prod(broadcast leading axes) * M * K * N}, i.e.
 * {@code elements(output) * K}: every matrix product counts.
 */
public record MatMul() implements Op {
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
    Shape a = inputs.get(0);
    Shape b = inputs.get(1);
    if (a.rank() < 2 || b.rank() < 2) {
      throw new IllegalArgumentException(
          "MatMul needs per-sample rank >= 2 on both sides (use Linear for a weight), got "
              + a
              + " and "
              + b);
    }
    int m = a.dim(a.rank() - 2);
    int k = a.dim(a.rank() - 1);
    int kb = b.dim(b.rank() - 2);
    int n = b.dim(b.rank() - 1);
    if (k != kb) {
      throw new IllegalArgumentException(
          "MatMul inner dimensions differ: " + a + " x " + b + " (" + k + " vs " + kb + ")");
    }
    var lead =
        Broadcast.shape(
            "MatMul",
            List.of(
                new Shape(withOne(a.dims().subList(0, a.rank() - 2))),
                new Shape(withOne(b.dims().subList(0, b.rank() - 2)))));
    var out = new ArrayList<Integer>();
    if (a.rank() > 2 || b.rank() > 2) {
      out.addAll(lead.dims());
    }
    out.add(m);
    out.add(n);
    return new Shape(out);
  }

  private static List<Integer> withOne(List<Integer> dims) {
    return dims.isEmpty() ? List.of(1) : dims;
  }

  @Override
  public long macs(List<Shape> inputs, Shape output) {
    Shape a = inputs.get(0);
    return output.elements() * a.dim(a.rank() - 1);
  }

  @Override
  public String describe() {
    return "";
  }
}
