package org.dnnbench.onnx;

import org.dnnbench.graph.AdaptiveAvgPool2d;

/**
 * The constant matrices that write an uneven {@link AdaptiveAvgPool2d} in ONNX, which has no
 * adaptive pool: {@code Y = A · X · B} on the last two axes, {@code A} ({@code outH x H}) averaging
 * the rows of each output bin and {@code B} ({@code W x outW}) its columns, bins as PyTorch's
 * ({@link AdaptiveAvgPool2d#binStart}, {@link AdaptiveAvgPool2d#binEnd}). A bin's mean over a
 * rectangle is the mean over its rows of the means over its columns, so the two products are the
 * pool exactly (up to float rounding). The importer reads a MatMul by such a matrix back as the
 * pool.
 */
final class PoolingMatrix {
  private PoolingMatrix() {}

  /** Relative tolerance when recognizing a weight {@code 1/n} written as float32. */
  private static final double TOLERANCE = 1e-6;

  /** {@code B}, {@code in x out} row-major: column {@code j} is {@code 1/|bin j|} on bin j. */
  static float[] columns(int in, int out) {
    float[] m = new float[in * out];
    for (int j = 0; j < out; j++) {
      int s = AdaptiveAvgPool2d.binStart(j, in, out);
      int e = AdaptiveAvgPool2d.binEnd(j, in, out);
      for (int r = s; r < e; r++) {
        m[r * out + j] = 1f / (e - s);
      }
    }
    return m;
  }

  /** {@code A}, {@code out x in} row-major: the transpose of {@link #columns}. */
  static float[] rows(int out, int in) {
    float[] m = new float[out * in];
    for (int i = 0; i < out; i++) {
      int s = AdaptiveAvgPool2d.binStart(i, in, out);
      int e = AdaptiveAvgPool2d.binEnd(i, in, out);
      for (int r = s; r < e; r++) {
        m[i * in + r] = 1f / (e - s);
      }
    }
    return m;
  }

  /** The most elements a pooling matrix may have here (one side at most 4096 by 4096 / 16). */
  private static final long MAX_ELEMENTS = 1L << 20;

  /**
   * Whether constant {@code m} is {@link #columns}{@code (in, out)} (when {@code transposed},
   * {@link #rows}{@code (out, in)}). Three elements are probed first, so that a layer's weight of
   * the same shape is told apart without decoding it (it may be large, or stored outside the file).
   */
  static boolean isPooling(Const m, int in, int out, boolean transposed) {
    if (m.dims.length != 2 || (long) in * out > MAX_ELEMENTS || m.size() != (long) in * out) {
      return false;
    }
    // the first and last bins' first elements, and the first row's (or column's) last element
    long first = 0;
    long last = transposed ? (long) (out - 1) * in + (in - 1) : (long) (in - 1) * out + (out - 1);
    long corner = transposed ? (long) (out - 1) * in : out - 1;
    double w0 =
        1.0 / (AdaptiveAvgPool2d.binEnd(0, in, out) - AdaptiveAvgPool2d.binStart(0, in, out));
    double wl =
        1.0
            / (AdaptiveAvgPool2d.binEnd(out - 1, in, out)
                - AdaptiveAvgPool2d.binStart(out - 1, in, out));
    double c = AdaptiveAvgPool2d.binStart(out - 1, in, out) == 0 ? wl : 0;
    if (!near(m.probe(first), w0) || !near(m.probe(last), wl) || !near(m.probe(corner), c)) {
      return false;
    }
    return isPooling(m.values(), in, out, transposed);
  }

  private static boolean near(double x, double w) {
    return w == 0 ? x == 0 : Math.abs(x - w) <= TOLERANCE * w;
  }

  /**
   * Whether {@code v}, an {@code in x out} row-major matrix, is {@link #columns}{@code (in, out)}
   * (when {@code transposed}, an {@code out x in} one that is {@link #rows}{@code (out, in)}).
   */
  static boolean isPooling(double[] v, int in, int out, boolean transposed) {
    if (v.length != (long) in * out) {
      return false;
    }
    for (int j = 0; j < out; j++) {
      int s = AdaptiveAvgPool2d.binStart(j, in, out);
      int e = AdaptiveAvgPool2d.binEnd(j, in, out);
      double w = 1.0 / (e - s);
      for (int r = 0; r < in; r++) {
        double x = transposed ? v[j * in + r] : v[r * out + j];
        boolean inBin = r >= s && r < e;
        if (inBin ? Math.abs(x - w) > TOLERANCE * w : x != 0) {
          return false;
        }
      }
    }
    return true;
  }
}
