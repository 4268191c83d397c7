package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Constant folding: ops whose inputs are all constants compute their output at import time, so the
 * {@code Shape/Gather/Unsqueeze/Concat} chains that PyTorch exports around {@code Reshape} become
 * the shapes they compute.
 */
final class Folding {
  /** Stands for the symbolic batch dimension inside folded shape constants. */
  static final long BATCH = Long.MIN_VALUE / 2;

  private Folding() {}

  static Const constantAttr(ImportContext cx, NodeProto n) {
    for (AttributeProto a : n.getAttributeList()) {
      switch (a.getName()) {
        case "value":
          return new Const(TensorDecoder.dims(a.getT()), a.getT());
        case "value_float":
          return new Const(new long[0], new double[] {a.getF()});
        case "value_int":
          return new Const(new long[0], new double[] {a.getI()});
        case "value_floats":
          return Const.vector(a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray());
        case "value_ints":
          return Const.vector(a.getIntsList().stream().mapToDouble(Long::doubleValue).toArray());
        default:
          break;
      }
    }
    throw cx.unsupported(n, "Constant without a numeric value");
  }

  /** The shape of a computed tensor, its batch dimension symbolic. */
  static Const shapeOf(org.dnnbench.graph.Shape s) {
    double[] d = new double[s.rank() + 1];
    d[0] = BATCH;
    for (int i = 0; i < s.rank(); i++) {
      d[i + 1] = s.dim(i);
    }
    return Const.vector(d);
  }

  static Const shapeOf(Const c) {
    return Const.vector(Arrays.stream(c.dims).asDoubleStream().toArray());
  }

  static Const arithmetic(ImportContext cx, NodeProto n, List<Const> cs) {
    Const acc = cs.get(0);
    for (int k = 1; k < cs.size(); k++) {
      Const b = cs.get(k);
      double[] x = acc.values();
      double[] y = b.values();
      int len = Math.max(x.length, y.length);
      if (!(x.length == y.length || x.length == 1 || y.length == 1)) {
        throw cx.unsupported(
            n, n.getOpType() + " of constants of sizes " + x.length + " and " + y.length);
      }
      double[] r = new double[len];
      for (int i = 0; i < len; i++) {
        double a = x[x.length == 1 ? 0 : i];
        double c = y[y.length == 1 ? 0 : i];
        r[i] =
            switch (n.getOpType()) {
              case "Add", "Sum" -> a + c;
              case "Sub" -> a - c;
              case "Mul" -> a * c;
              default -> Math.floor(a / c);
            };
      }
      acc = new Const(x.length >= y.length ? acc.dims : b.dims, r);
    }
    return acc;
  }

  static Const flatten(Const c) {
    long first = c.dims.length == 0 ? 1 : c.dims[0];
    return new Const(new long[] {first, c.size() / Math.max(1, first)}, c.values());
  }

  static Const concat(List<Value> ins) {
    var all = new ArrayList<Double>();
    for (Value v : ins) {
      for (double d : ((Const) v).values()) {
        all.add(d);
      }
    }
    return Const.vector(all.stream().mapToDouble(Double::doubleValue).toArray());
  }

  static Const reshape(Const c, long[] target) {
    long[] d = target.clone();
    for (int i = 0; i < d.length; i++) {
      if (d[i] == -1) {
        long known = 1;
        for (int j = 0; j < d.length; j++) {
          known *= j == i ? 1 : d[j];
        }
        d[i] = c.size() / known;
      }
    }
    return new Const(d, c.values());
  }

  static Const squeeze(Const c, boolean unsqueeze, long[] axes) {
    long[] d;
    if (unsqueeze) {
      d = new long[c.dims.length + (axes == null ? 0 : axes.length)];
      Arrays.fill(d, 1);
      int j = 0;
      var set = new HashSet<Long>();
      for (long a : axes == null ? new long[0] : axes) {
        set.add(a < 0 ? a + d.length : a);
      }
      for (int i = 0; i < d.length; i++) {
        if (!set.contains((long) i)) {
          d[i] = c.dims[j++];
        }
      }
    } else {
      d = Arrays.stream(c.dims).filter(x -> x != 1).toArray();
    }
    return new Const(d, c.values());
  }

  static Const slice(Const c, long start, long end) {
    double[] d = c.values();
    int len = d.length;
    int s = (int) clampIndex(start, len);
    int e = (int) clampIndex(end, len);
    return Const.vector(Arrays.copyOfRange(d, s, Math.max(s, e)));
  }

  static Const gather(Const data, Const idx) {
    double[] d = data.values();
    double[] out = new double[(int) idx.size()];
    long[] ix = idx.longs();
    for (int i = 0; i < ix.length; i++) {
      out[i] = d[(int) (ix[i] < 0 ? ix[i] + d.length : ix[i])];
    }
    return new Const(idx.dims, out);
  }

  static long clampIndex(long i, long len) {
    long j = i < 0 ? i + len : i;
    return Math.max(0, Math.min(len, j));
  }
}
