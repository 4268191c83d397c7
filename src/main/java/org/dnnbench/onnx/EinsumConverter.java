package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Einsum of two operands that is a batched matrix product (MaxViT's attention, {@code "bghid,
 * bghjd->bghij"}): rewritten as Transpose, MatMul, Transpose nodes and converted by their
 * converters, so it counts as the MatMul it is ({@code M*K*N} per matrix). Indices in both operands
 * and the output are batch axes, one index only in the operands is contracted, one index of each
 * operand is kept; other equations are refused by name.
 */
final class EinsumConverter {
  private EinsumConverter() {}

  static void einsum(ImportContext cx, NodeProto n) {
    String eq = Attributes.s(n, "equation", "").replace(" ", "");
    String[] io = eq.split("->", -1);
    String[] ops = io[0].split(",", -1);
    if (io.length != 2 || ops.length != 2 || n.getInputCount() != 2 || eq.contains(".")) {
      throw cx.unsupported(n, "Einsum '" + eq + "' (only two-operand matrix products)");
    }
    String a = ops[0];
    String b = ops[1];
    String o = io[1];
    var batch = new StringBuilder();
    String freeA = "";
    String freeB = "";
    String contract = "";
    for (char c : (a + b).toCharArray()) {
      String s = String.valueOf(c);
      boolean inA = a.indexOf(c) >= 0;
      boolean inB = b.indexOf(c) >= 0;
      boolean inO = o.indexOf(c) >= 0;
      if (inA && inB && inO && batch.indexOf(s) < 0) {
        batch.append(c);
      } else if (inA && inB && !inO && !contract.contains(s)) {
        contract += s;
      } else if (inA && !inB && inO && !freeA.contains(s)) {
        freeA += s;
      } else if (!inA && inB && inO && !freeB.contains(s)) {
        freeB += s;
      } else if (!inO && !(inA && inB)) {
        throw cx.unsupported(n, "Einsum '" + eq + "' (a summed index of one operand)");
      }
    }
    if (contract.length() != 1
        || freeA.length() != 1
        || freeB.length() != 1
        || a.length() != batch.length() + 2
        || b.length() != batch.length() + 2
        || o.length() != batch.length() + 2) {
      throw cx.unsupported(n, "Einsum '" + eq + "' (only batched matrix products)");
    }
    String base = ImportContext.nodeName(n) + "/einsum";
    String left = permute(cx, n, n.getInput(0), a, batch + freeA + contract, base + "/a");
    String right = permute(cx, n, n.getInput(1), b, batch + contract + freeB, base + "/b");
    String natural = batch + freeA + freeB;
    String product = natural.equals(o) ? n.getOutput(0) : base + "/matmul";
    OpTable.get("MatMul")
        .convert(
            cx,
            NodeProto.newBuilder()
                .setOpType("MatMul")
                .setName(base + "/matmul")
                .addInput(left)
                .addInput(right)
                .addOutput(product)
                .build());
    if (!product.equals(n.getOutput(0))) {
      transpose(cx, product, perm(natural, o), n.getOutput(0), base + "/out");
    }
  }

  /** The tensor {@code name} with its axes {@code from} ordered as {@code to}; its value name. */
  private static String permute(
      ImportContext cx, NodeProto n, String name, String from, String to, String out) {
    if (from.equals(to)) {
      return name;
    }
    transpose(cx, name, perm(from, to), out, out);
    return out;
  }

  private static long[] perm(String from, String to) {
    long[] p = new long[to.length()];
    for (int i = 0; i < p.length; i++) {
      p[i] = from.indexOf(to.charAt(i));
    }
    return p;
  }

  private static void transpose(ImportContext cx, String in, long[] perm, String out, String name) {
    var ints = new ArrayList<Long>();
    for (long p : perm) {
      ints.add(p);
    }
    OpTable.get("Transpose")
        .convert(
            cx,
            NodeProto.newBuilder()
                .setOpType("Transpose")
                .setName(name)
                .addInput(in)
                .addOutput(out)
                .addAttribute(
                    AttributeProto.newBuilder()
                        .setName("perm")
                        .setType(AttributeProto.AttributeType.INTS)
                        .addAllInts(List.copyOf(ints)))
                .build());
  }
}
