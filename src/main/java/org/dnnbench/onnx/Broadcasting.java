package org.dnnbench.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Element-wise functions of folded constants with numpy (ONNX multidirectional) broadcasting, and
 * ScatterND into a constant: the index arithmetic torch writes for masks (Swin's shift mask builds
 * {@code [7,1] + [7]} index grids and scatters into them).
 */
final class Broadcasting {
  private Broadcasting() {}

  /** The broadcast of {@code shapes}; fails naming them when they do not broadcast. */
  static long[] shape(List<long[]> shapes) {
    int r = shapes.stream().mapToInt(s -> s.length).max().orElse(0);
    long[] out = new long[r];
    Arrays.fill(out, 1);
    for (long[] s : shapes) {
      for (int i = 0; i < s.length; i++) {
        int o = r - s.length + i;
        if (s[i] != 1) {
          if (out[o] != 1 && out[o] != s[i]) {
            throw new IllegalArgumentException(
                "shapes "
                    + String.join(" and ", shapes.stream().map(Arrays::toString).toList())
                    + " do not broadcast");
          }
          out[o] = s[i];
        }
      }
    }
    return out;
  }

  /** {@code f} of the elements of {@code cs} at each position of their broadcast shape. */
  static Const map(List<Const> cs, Function<Dim[], Dim> f) {
    long[] out = shape(cs.stream().map(c -> c.dims).toList());
    long size = size(out);
    var elements = cs.stream().map(Const::elements).toList();
    var strides = cs.stream().map(c -> strides(c.dims, out)).toList();
    Dim[] r = new Dim[(int) size];
    Dim[] args = new Dim[cs.size()];
    for (int i = 0; i < r.length; i++) {
      for (int k = 0; k < args.length; k++) {
        args[k] = elements.get(k)[offset(i, out, strides.get(k))];
      }
      r[i] = f.apply(args);
    }
    return Const.ofDims(out, r);
  }

  /** {@code f} of the numeric values of {@code cs} at each position of their broadcast shape. */
  static Const mapValues(List<Const> cs, Function<double[], Double> f) {
    long[] out = shape(cs.stream().map(c -> c.dims).toList());
    long size = size(out);
    var values = cs.stream().map(Const::values).toList();
    var strides = cs.stream().map(c -> strides(c.dims, out)).toList();
    double[] r = new double[(int) size];
    double[] args = new double[cs.size()];
    for (int i = 0; i < r.length; i++) {
      for (int k = 0; k < args.length; k++) {
        args[k] = values.get(k)[offset(i, out, strides.get(k))];
      }
      r[i] = f.apply(args);
    }
    return new Const(out, r);
  }

  /** Elements of a folded constant of {@code dims}, within the fold limit. */
  static long size(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
      if (d < 0 || n > Bounds.MAX_FOLD_ELEMENTS) {
        throw new IllegalArgumentException(
            "a folded constant of shape " + Arrays.toString(dims) + " is over the fold limit");
      }
    }
    return n;
  }

  /** Strides of {@code dims} aligned to the right of {@code out}; 0 where broadcast. */
  private static long[] strides(long[] dims, long[] out) {
    long[] s = new long[out.length];
    long acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) {
      int o = out.length - dims.length + i;
      s[o] = dims[i] == 1 ? 0 : acc;
      acc *= dims[i];
    }
    return s;
  }

  private static int offset(long flat, long[] out, long[] strides) {
    long off = 0;
    for (int i = out.length - 1; i >= 0; i--) {
      long idx = flat % out[i];
      flat /= out[i];
      off += idx * strides[i];
    }
    return (int) off;
  }

  /** ScatterND: {@code data} with {@code updates} written at {@code indices} (last axis: k). */
  static Const scatterNd(Const data, Const indices, Const updates) {
    long[] dd = data.dims;
    long[] id = indices.dims;
    if (id.length < 1 || id[id.length - 1] > dd.length) {
      throw new IllegalArgumentException(
          "ScatterND indices of shape "
              + Arrays.toString(id)
              + " do not fit data of shape "
              + Arrays.toString(dd));
    }
    int k = (int) id[id.length - 1];
    long slice = 1;
    for (int i = k; i < dd.length; i++) {
      slice *= dd[i];
    }
    Dim[] d = data.elements();
    Dim[] u = updates.elements();
    long[] ix = indices.longs();
    long count = k == 0 ? 1 : ix.length / Math.max(1, k);
    if (count * slice != u.length) {
      throw new IllegalArgumentException(
          "ScatterND updates of shape " + Arrays.toString(updates.dims) + " do not fit");
    }
    for (long j = 0; j < count; j++) {
      long off = 0;
      for (int a = 0; a < k; a++) {
        long v = ix[(int) (j * k + a)];
        v = v < 0 ? v + dd[a] : v;
        if (v < 0 || v >= dd[a]) {
          throw new IllegalArgumentException("ScatterND index " + v + " out of range " + dd[a]);
        }
        off = off * dd[a] + v;
      }
      System.arraycopy(u, (int) (j * slice), d, (int) (off * slice), (int) slice);
    }
    return Const.ofDims(dd, d);
  }
}
