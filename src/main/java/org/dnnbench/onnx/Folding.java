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
  private Folding() {}

  static Const constantAttr(ImportContext cx, NodeProto n) {
    for (AttributeProto a : n.getAttributeList()) {
      switch (a.getName()) {
        case "value":
          Bounds.checkData(a.getT());
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
    return shapeOf(new Value.Dyn(new org.dnnbench.graph.Tensor("x", s), true), Dim.BATCH);
  }

  /** The ONNX shape of a computed tensor, its batch as {@code batch}. */
  static Const shapeOf(Value.Dyn t, Dim batch) {
    var s = t.tensor().shape();
    int off = t.batched() ? 1 : 0;
    Dim[] d = new Dim[s.rank() + off];
    if (t.batched()) {
      d[0] = batch;
    }
    for (int i = 0; i < s.rank(); i++) {
      d[i + off] = Dim.of(s.dim(i));
    }
    return Const.ofDims(new long[] {d.length}, d);
  }

  static Const shapeOf(Const c) {
    return Const.vector(Arrays.stream(c.dims).asDoubleStream().toArray());
  }

  static Const arithmetic(ImportContext cx, NodeProto n, List<Const> cs) {
    String op = n.getOpType();
    if (cs.stream().anyMatch(Const::symbolic)) {
      return Broadcasting.map(
          cs,
          d -> {
            Dim acc = d[0];
            for (int k = 1; k < d.length; k++) {
              acc =
                  switch (op) {
                    case "Add", "Sum" -> acc.plus(d[k]);
                    case "Sub" -> acc.minus(d[k]);
                    case "Mul" -> acc.times(d[k]);
                    default -> acc.div(d[k]);
                  };
            }
            return acc;
          });
    }
    return Broadcasting.mapValues(
        cs,
        v -> {
          double acc = v[0];
          for (int k = 1; k < v.length; k++) {
            acc =
                switch (op) {
                  case "Add", "Sum" -> acc + v[k];
                  case "Sub" -> acc - v[k];
                  case "Mul" -> acc * v[k];
                  default -> Math.floor(acc / v[k]);
                };
          }
          return acc;
        });
  }

  static Const flatten(Const c) {
    long first = c.dims.length == 0 ? 1 : c.dims[0];
    return c.withDims(new long[] {first, c.size() / Math.max(1, first)});
  }

  /** Concat of constants of any rank along {@code axis} (negative counts from the end). */
  static Const concat(List<Value> ins, long axis) {
    var cs = ins.stream().map(v -> (Const) v).toList();
    int r = cs.get(0).dims.length;
    int a = (int) (axis < 0 ? axis + Math.max(r, 1) : axis);
    if (r == 0) {
      cs = cs.stream().map(c -> c.withDims(new long[] {1})).toList();
      r = 1;
    }
    long[] out = cs.get(0).dims.clone();
    out[a] = 0;
    for (Const c : cs) {
      if (c.dims.length != r) {
        throw new IllegalArgumentException(
            "Concat of constants of ranks " + r + " and " + c.dims.length);
      }
      out[a] += c.dims[a];
    }
    long outer = 1;
    for (int i = 0; i < a; i++) {
      outer *= out[i];
    }
    var all = new ArrayList<Dim>();
    var parts = cs.stream().map(Const::elements).toList();
    for (long o = 0; o < outer; o++) {
      for (int k = 0; k < cs.size(); k++) {
        int chunk = (int) (parts.get(k).length / Math.max(1, outer));
        all.addAll(Arrays.asList(parts.get(k)).subList((int) o * chunk, (int) (o + 1) * chunk));
      }
    }
    if (cs.stream().noneMatch(Const::symbolic) && cs.stream().anyMatch(c -> !integral(c))) {
      var vals = new ArrayList<Double>();
      var vs = cs.stream().map(Const::values).toList();
      for (long o = 0; o < outer; o++) {
        for (int k = 0; k < cs.size(); k++) {
          int chunk = (int) (vs.get(k).length / Math.max(1, outer));
          for (int i = 0; i < chunk; i++) {
            vals.add(vs.get(k)[(int) o * chunk + i]);
          }
        }
      }
      return new Const(out, vals.stream().mapToDouble(Double::doubleValue).toArray());
    }
    return Const.ofDims(out, all.toArray(Dim[]::new));
  }

  private static boolean integral(Const c) {
    return Arrays.stream(c.values()).allMatch(v -> v == Math.rint(v) && Math.abs(v) < 1e15);
  }

  static Const reshape(Const c, long[] target) {
    long[] d = target.clone();
    for (int i = 0; i < d.length; i++) {
      if (d[i] == 0 && i < c.dims.length) {
        d[i] = c.dims[i];
      }
    }
    long known = 1;
    int free = -1;
    for (int i = 0; i < d.length; i++) {
      if (d[i] == -1 && free < 0) {
        free = i;
      } else {
        if (d[i] < 0 || (d[i] != 0 && known > Long.MAX_VALUE / d[i])) {
          throw new IllegalArgumentException(
              "cannot reshape a constant of dims "
                  + Arrays.toString(c.dims)
                  + " to "
                  + Arrays.toString(target));
        }
        known *= d[i];
      }
    }
    if (free >= 0) {
      if (known == 0 || c.size() % known != 0) {
        throw new IllegalArgumentException(
            "cannot reshape a constant of dims "
                + Arrays.toString(c.dims)
                + " to "
                + Arrays.toString(target));
      }
      d[free] = c.size() / known;
    } else if (known != c.size()) {
      throw new IllegalArgumentException(
          "cannot reshape a constant of "
              + c.size()
              + " elements (dims "
              + Arrays.toString(c.dims)
              + ") to "
              + Arrays.toString(target));
    }
    return c.withDims(d);
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
    return c.withDims(d);
  }

  static Const slice(Const c, long start, long end) {
    if (c.symbolic()) {
      Dim[] d = c.elements();
      int s = (int) clampIndex(start, d.length);
      int e = (int) clampIndex(end, d.length);
      Dim[] out = Arrays.copyOfRange(d, s, Math.max(s, e));
      return Const.ofDims(new long[] {out.length}, out);
    }
    double[] d = c.values();
    int len = d.length;
    int s = (int) clampIndex(start, len);
    int e = (int) clampIndex(end, len);
    return Const.vector(Arrays.copyOfRange(d, s, Math.max(s, e)));
  }

  /** Slice of a constant along several axes, with steps (ONNX semantics, ends clamped). */
  static Const sliceNd(Const c, long[] starts, long[] ends, long[] axes, long[] steps) {
    int r = c.dims.length;
    long[] lo = new long[r];
    long[] step = new long[r];
    long[] cnt = c.dims.clone();
    Arrays.fill(step, 1);
    for (int i = 0; i < starts.length; i++) {
      int a = (int) (axes[i] < 0 ? axes[i] + r : axes[i]);
      if (a < 0 || a >= r) {
        throw new IllegalArgumentException("Slice axis " + axes[i] + " for rank " + r);
      }
      long len = c.dims[a];
      long st = steps == null ? 1 : steps[i];
      if (st == 0) {
        throw new IllegalArgumentException("Slice step 0");
      }
      long s;
      long e;
      if (st > 0) {
        s = clampIndex(starts[i], len);
        e = clampIndex(ends[i], len);
        cnt[a] = Math.max(0, (e - s + st - 1) / st);
      } else {
        s = Math.max(-1, Math.min(len - 1, starts[i] < 0 ? starts[i] + len : starts[i]));
        e = Math.max(-1, Math.min(len - 1, ends[i] < 0 ? ends[i] + len : ends[i]));
        cnt[a] = Math.max(0, (s - e - st - 1) / -st);
      }
      lo[a] = s;
      step[a] = st;
    }
    double[] d = c.values();
    long total = 1;
    for (long x : cnt) {
      total *= x;
    }
    double[] out = new double[(int) total];
    long[] stride = new long[r];
    for (int i = r - 1, acc = 1; i >= 0; i--) {
      stride[i] = acc;
      acc *= (int) c.dims[i];
    }
    long[] idx = new long[r];
    for (int k = 0; k < out.length; k++) {
      long off = 0;
      for (int i = 0; i < r; i++) {
        off += (lo[i] + idx[i] * step[i]) * stride[i];
      }
      out[k] = d[(int) off];
      for (int i = r - 1; i >= 0; i--) {
        if (++idx[i] < cnt[i]) {
          break;
        }
        idx[i] = 0;
      }
    }
    return new Const(cnt, out);
  }

  /** Transpose of a constant by {@code perm}. */
  static Const transpose(Const c, long[] perm) {
    int r = c.dims.length;
    if (perm.length != r) {
      throw new IllegalArgumentException("perm " + Arrays.toString(perm) + " for rank " + r);
    }
    double[] d = c.values();
    long[] outDims = new long[r];
    long[] stride = new long[r];
    for (int i = r - 1, acc = 1; i >= 0; i--) {
      stride[i] = acc;
      acc *= (int) c.dims[i];
    }
    for (int i = 0; i < r; i++) {
      outDims[i] = c.dims[(int) perm[i]];
    }
    double[] out = new double[d.length];
    long[] idx = new long[r];
    for (int k = 0; k < out.length; k++) {
      long off = 0;
      for (int i = 0; i < r; i++) {
        off += idx[i] * stride[(int) perm[i]];
      }
      out[k] = d[(int) off];
      for (int i = r - 1; i >= 0; i--) {
        if (++idx[i] < outDims[i]) {
          break;
        }
        idx[i] = 0;
      }
    }
    return new Const(outDims, out);
  }

  static Const gather(Const data, Const idx) {
    long[] ix = idx.longs();
    long len = data.size();
    for (long i : ix) {
      if (i < -len || i >= len) {
        throw new IllegalArgumentException(
            "Gather index " + i + " is out of range for " + len + " values");
      }
    }
    if (data.symbolic()) {
      Dim[] d = data.elements();
      Dim[] out = new Dim[ix.length];
      for (int i = 0; i < ix.length; i++) {
        out[i] = d[(int) (ix[i] < 0 ? ix[i] + d.length : ix[i])];
      }
      return Const.ofDims(idx.dims, out);
    }
    double[] d = data.values();
    double[] out = new double[(int) idx.size()];
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
