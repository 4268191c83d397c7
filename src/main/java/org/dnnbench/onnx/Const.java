package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Arrays;

/** A constant: an initializer or a folded computation; values decoded on demand. */
final class Const implements Value {
  final long[] dims;
  private final TensorProto proto;
  private double[] data;

  Const(long[] dims, TensorProto proto) {
    this.dims = dims;
    this.proto = proto;
  }

  Const(long[] dims, double[] data) {
    this.dims = dims;
    this.proto = null;
    this.data = data;
  }

  static Const vector(double... v) {
    return new Const(new long[] {v.length}, v);
  }

  long size() {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  double[] values() {
    if (data == null) {
      data = TensorDecoder.decode(proto, size());
    }
    return data;
  }

  long[] longs() {
    return Arrays.stream(values()).mapToLong(d -> (long) d).toArray();
  }
}
