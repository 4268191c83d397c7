package org.dnnbench.onnx;

import static org.dnnbench.onnx.ImportContext.has;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;

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

  /** Element-wise ops of constants of the same size (or a scalar): Equal, Mod, And, Less. */
  static void compare(ImportContext cx, NodeProto n) {
    Const a = all(cx, n, 0);
    Const b = all(cx, n, 1);
    String op = n.getOpType();
    if (a.symbolic() || b.symbolic()) {
      Dim[] x = a.elements();
      Dim[] y = b.elements();
      Dim[] r = new Dim[Math.max(x.length, y.length)];
      for (int i = 0; i < r.length; i++) {
        Dim p = x[x.length == 1 ? 0 : i];
        Dim q = y[y.length == 1 ? 0 : i];
        if (!op.equals("Equal")) {
          throw cx.unsupported(n, op + " on the symbolic batch size");
        }
        r[i] = Dim.of(p.equals(q) ? 1 : 0);
      }
      cx.put(n, Const.ofDims(x.length >= y.length ? a.dims : b.dims, r));
      return;
    }
    double[] x = a.values();
    double[] y = b.values();
    if (!(x.length == y.length || x.length == 1 || y.length == 1)) {
      throw cx.unsupported(n, op + " of constants of sizes " + x.length + " and " + y.length);
    }
    boolean fmod = Attributes.i(n, "fmod", 0) == 1;
    double[] r = new double[Math.max(x.length, y.length)];
    for (int i = 0; i < r.length; i++) {
      double p = x[x.length == 1 ? 0 : i];
      double q = y[y.length == 1 ? 0 : i];
      r[i] =
          switch (op) {
            case "Equal" -> p == q ? 1 : 0;
            case "Less" -> p < q ? 1 : 0;
            case "Greater" -> p > q ? 1 : 0;
            case "And" -> p != 0 && q != 0 ? 1 : 0;
            case "Or" -> p != 0 || q != 0 ? 1 : 0;
            default -> {
              if (q == 0) {
                throw new IllegalArgumentException("Mod by zero");
              }
              yield fmod ? p % q : p - Math.floor(p / q) * q;
            }
          };
    }
    cx.put(n, new Const(x.length >= y.length ? a.dims : b.dims, r));
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
    double[] cond = c.values();
    Dim[] x = a.elements();
    Dim[] y = b.elements();
    int len = Math.max(cond.length, Math.max(x.length, y.length));
    for (int k : new int[] {cond.length, x.length, y.length}) {
      if (k != 1 && k != len) {
        throw cx.unsupported(n, "Where of constants of different sizes");
      }
    }
    Dim[] r = new Dim[len];
    for (int i = 0; i < len; i++) {
      boolean t = cond[cond.length == 1 ? 0 : i] != 0;
      r[i] = t ? x[x.length == 1 ? 0 : i] : y[y.length == 1 ? 0 : i];
    }
    long[] dims = cond.length == len ? c.dims : x.length == len ? a.dims : b.dims;
    if (!a.symbolic() && !b.symbolic()) {
      double[] xv = a.values();
      double[] yv = b.values();
      double[] rv = new double[len];
      for (int i = 0; i < len; i++) {
        boolean t = cond[cond.length == 1 ? 0 : i] != 0;
        rv[i] = t ? xv[xv.length == 1 ? 0 : i] : yv[yv.length == 1 ? 0 : i];
      }
      cx.put(n, new Const(dims, rv));
      return;
    }
    cx.put(n, Const.ofDims(dims, r));
  }

  /** ScatterND of constants with 1-D data and indices of shape [k, 1]. */
  static void scatterNd(ImportContext cx, NodeProto n) {
    Const data = all(cx, n, 0);
    Const idx = all(cx, n, 1);
    Const upd = all(cx, n, 2);
    if (data.dims.length != 1 || idx.dims.length != 2 || idx.dims[1] != 1) {
      throw cx.unsupported(n, "ScatterND other than into a vector");
    }
    Dim[] d = data.elements();
    Dim[] u = upd.elements();
    long[] ix = idx.longs();
    for (int i = 0; i < ix.length; i++) {
      long j = ix[i] < 0 ? ix[i] + d.length : ix[i];
      if (j < 0 || j >= d.length) {
        throw new IllegalArgumentException("ScatterND index " + ix[i] + " out of range");
      }
      d[(int) j] = u[i];
    }
    cx.put(n, Const.ofDims(data.dims, d));
  }

  static boolean hasInput(NodeProto n, int i) {
    return has(n, i);
  }
}
