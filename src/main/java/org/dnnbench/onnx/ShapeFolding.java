package org.dnnbench.onnx;

import static org.dnnbench.onnx.ImportContext.has;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.List;

/**
 * The ops PyTorch's exporter writes for shape arithmetic ({@code expand(n, -1, -1)} becomes Shape,
 * ConstantOfShape, Equal, Where; index tables Range, Mod, ScatterND): folded on constants, element
 * by element on {@link Dim}s where a shape element is the batch.
 */
final class ShapeFolding {
  private ShapeFolding() {}

  private static Const all(ImportContext cx, NodeProto n, int i) {
    return cx.constant(n, i);
  }

  static void constantOfShape(ImportContext cx, NodeProto n) {
    Dim[] shape = all(cx, n, 0).elements();
    double value = 0;
    AttributeProto a = Attributes.get(n, "value");
    if (a != null && a.hasT()) {
      double[] v = TensorDecoder.decode(a.getT(), Bounds.elements(a.getT()));
      value = v.length > 0 ? v[0] : 0;
    }
    long[] dims = new long[shape.length];
    long size = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i].batch()) {
        throw new BatchAxisMoved(ImportContext.nodeName(n));
      }
      dims[i] = shape[i].factor();
      if (dims[i] < 0) {
        throw new IllegalArgumentException("ConstantOfShape of dims " + Arrays.toString(shape));
      }
      size *= dims[i];
      if (size > Bounds.MAX_FOLD_ELEMENTS) {
        throw new IllegalArgumentException(
            "ConstantOfShape of dims " + Arrays.toString(shape) + " is over the fold limit");
      }
    }
    double[] d = new double[(int) size];
    Arrays.fill(d, value);
    cx.put(n, new Const(dims, d));
  }

  static void range(ImportContext cx, NodeProto n) {
    double start = all(cx, n, 0).values()[0];
    double limit = all(cx, n, 1).values()[0];
    double delta = all(cx, n, 2).values()[0];
    if (delta == 0) {
      throw new IllegalArgumentException("Range with delta 0");
    }
    long count = (long) Math.max(0, Math.ceil((limit - start) / delta));
    if (count > Bounds.MAX_FOLD_ELEMENTS) {
      throw new IllegalArgumentException("Range of " + count + " values is over the fold limit");
    }
    double[] d = new double[(int) count];
    for (int i = 0; i < d.length; i++) {
      d[i] = start + i * delta;
    }
    cx.put(n, Const.vector(d));
  }

  /** Element-wise comparisons and Mod of constants, broadcast: Equal, Mod, And, Less. */
  static void compare(ImportContext cx, NodeProto n) {
    Const a = all(cx, n, 0);
    Const b = all(cx, n, 1);
    String op = n.getOpType();
    if (a.symbolic() || b.symbolic()) {
      if (!op.equals("Equal")) {
        throw cx.unsupported(n, op + " on the symbolic batch size");
      }
      cx.put(n, Broadcasting.map(List.of(a, b), d -> Dim.of(d[0].equals(d[1]) ? 1 : 0)));
      return;
    }
    boolean fmod = Attributes.i(n, "fmod", 0) == 1;
    cx.put(
        n,
        Broadcasting.mapValues(
            List.of(a, b),
            v -> {
              double p = v[0];
              double q = v[1];
              return switch (op) {
                case "Equal" -> p == q ? 1.0 : 0.0;
                case "Less" -> p < q ? 1.0 : 0.0;
                case "Greater" -> p > q ? 1.0 : 0.0;
                case "And" -> p != 0 && q != 0 ? 1.0 : 0.0;
                case "Or" -> p != 0 || q != 0 ? 1.0 : 0.0;
                default -> {
                  if (q == 0) {
                    throw new IllegalArgumentException("Mod by zero");
                  }
                  yield fmod ? p % q : p - Math.floor(p / q) * q;
                }
              };
            }));
  }

  static void not(ImportContext cx, NodeProto n) {
    Const a = all(cx, n, 0);
    double[] r = a.values().clone();
    for (int i = 0; i < r.length; i++) {
      r[i] = r[i] == 0 ? 1 : 0;
    }
    cx.put(n, new Const(a.dims, r));
  }

  static void where(ImportContext cx, NodeProto n) {
    Const c = all(cx, n, 0);
    Const a = all(cx, n, 1);
    Const b = all(cx, n, 2);
    if (!a.symbolic() && !b.symbolic()) {
      cx.put(n, Broadcasting.mapValues(List.of(c, a, b), v -> v[0] != 0 ? v[1] : v[2]));
      return;
    }
    double[] cond = c.values();
    Const idx =
        Const.vector(java.util.stream.IntStream.range(0, cond.length).asDoubleStream().toArray())
            .withDims(c.dims);
    cx.put(
        n, Broadcasting.map(List.of(idx, a, b), d -> cond[(int) d[0].known()] != 0 ? d[1] : d[2]));
  }

  /** ScatterND of constants (masks written by index, shapes edited by position). */
  static void scatterNd(ImportContext cx, NodeProto n) {
    cx.put(n, Broadcasting.scatterNd(all(cx, n, 0), all(cx, n, 1), all(cx, n, 2)));
  }

  static boolean hasInput(NodeProto n, int i) {
    return has(n, i);
  }
}
