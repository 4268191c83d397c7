package org.dnnbench.graph;

import java.util.List;
import java.util.StringJoiner;

/**
 * The shape of one sample of a tensor: every dimension except the batch, which is always the
 * leading, symbolic dimension and never stored. A feature map is {@code C x H x W}; a feature
 * vector is {@code F}.
 *
 * @param dims the per-sample dimensions, each at least 1
 */
public record Shape(List<Integer> dims) {

  public Shape {
    dims = List.copyOf(dims);
    if (dims.isEmpty()) {
      throw new IllegalArgumentException("a shape needs at least one dimension");
    }
    for (int d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException("dimensions must be >= 1, got " + dims);
      }
    }
  }

  /** A shape from its per-sample dimensions. */
  public static Shape of(int... dims) {
    return new Shape(java.util.Arrays.stream(dims).boxed().toList());
  }

  /** A feature map of {@code c} channels, {@code h} rows and {@code w} columns. */
  public static Shape chw(int c, int h, int w) {
    return of(c, h, w);
  }

  public int rank() {
    return dims.size();
  }

  public int dim(int i) {
    return dims.get(i);
  }

  /** Channels (the first per-sample dimension). */
  public int channels() {
    return dims.get(0);
  }

  /** Rows of a feature map; fails on shapes that are not {@code C x H x W}. */
  public int height() {
    requireFeatureMap();
    return dims.get(1);
  }

  /** Columns of a feature map; fails on shapes that are not {@code C x H x W}. */
  public int width() {
    requireFeatureMap();
    return dims.get(2);
  }

  public boolean isFeatureMap() {
    return dims.size() == 3;
  }

  /** Elements of one sample. */
  public long elements() {
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  /** The same shape with {@code dims[axis]} replaced. */
  public Shape with(int axis, int value) {
    var copy = new java.util.ArrayList<>(dims);
    copy.set(axis, value);
    return new Shape(copy);
  }

  /** Full dimensions including a leading batch of {@code batch}. */
  public long[] withBatch(long batch) {
    long[] full = new long[dims.size() + 1];
    full[0] = batch;
    for (int i = 0; i < dims.size(); i++) {
      full[i + 1] = dims.get(i);
    }
    return full;
  }

  private void requireFeatureMap() {
    if (!isFeatureMap()) {
      throw new IllegalStateException("not a C x H x W feature map: " + this);
    }
  }

  /** {@code 64x56x56}. */
  @Override
  public String toString() {
    var j = new StringJoiner("x");
    dims.forEach(d -> j.add(Integer.toString(d)));
    return j.toString();
  }
}
