package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Arrays;

/**
 * A constant: an initializer or a folded computation, its values decoded on demand. A folded shape
 * computation that involves the symbolic batch size holds its elements as {@link Dim}s.
 */
final class Const implements Value {
  final long[] dims;

  /** The initializer's name when this is an initializer as the file holds it, else null. */
  final String initializer;

  private final TensorProto proto;
  private double[] data;
  private final Dim[] symbolic;

  Const(long[] dims, TensorProto proto) {
    this(dims, proto, null);
  }

  Const(long[] dims, TensorProto proto, String initializer) {
    this.dims = dims;
    this.proto = proto;
    this.symbolic = null;
    this.initializer = initializer;
  }

  /** The ONNX element type (TensorProto.DataType), 1 (float) for folded values. */
  int dataType() {
    return proto == null ? 1 : proto.getDataType();
  }

  Const(long[] dims, double[] data) {
    this.dims = dims;
    this.proto = null;
    this.data = data;
    this.symbolic = null;
    this.initializer = null;
  }

  private Const(long[] dims, Dim[] symbolic) {
    this.dims = dims;
    this.proto = null;
    this.symbolic = symbolic;
    this.initializer = null;
  }

  static Const vector(double... v) {
    return new Const(new long[] {v.length}, v);
  }

  /** Integer elements, known or batch-dependent; a tensor of known ones is a plain constant. */
  static Const ofDims(long[] dims, Dim[] elements) {
    if (Arrays.stream(elements).noneMatch(Dim::batch)) {
      return new Const(dims, Arrays.stream(elements).mapToDouble(Dim::factor).toArray());
    }
    return new Const(dims, elements.clone());
  }

  /** The same elements with other dims (a reshape, squeeze or unsqueeze of the constant). */
  Const withDims(long[] newDims) {
    return symbolic != null ? new Const(newDims, symbolic) : new Const(newDims, values());
  }

  /** Whether some element depends on the batch size. */
  boolean symbolic() {
    return symbolic != null;
  }

  long size() {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  /** The values; fails if one depends on the batch size. */
  double[] values() {
    if (symbolic != null) {
      throw new IllegalArgumentException(
          "the value " + Arrays.toString(symbolic) + " depends on the batch size");
    }
    if (data == null) {
      data = TensorDecoder.decode(proto, size());
    }
    return data;
  }

  /** The elements as integers, known or batch-dependent. */
  Dim[] elements() {
    if (symbolic != null) {
      return symbolic.clone();
    }
    return Arrays.stream(values()).mapToObj(d -> Dim.of((long) d)).toArray(Dim[]::new);
  }

  /**
   * Element {@code index} (row-major) of a float constant without decoding the others, or NaN when
   * it is not at hand (batch-dependent, another element type, data outside the file or short): a
   * cheap test before {@link #values} decodes a tensor that may be a large weight.
   */
  double probe(long index) {
    if (data != null) {
      return index < data.length ? data[(int) index] : Double.NaN;
    }
    if (symbolic != null || proto == null || proto.getDataType() != 1 || index < 0) {
      return Double.NaN;
    }
    if (!proto.getRawData().isEmpty()) {
      long at = index * 4;
      if (at + 4 > proto.getRawData().size()) {
        return Double.NaN;
      }
      return proto
          .getRawData()
          .substring((int) at, (int) at + 4)
          .asReadOnlyByteBuffer()
          .order(java.nio.ByteOrder.LITTLE_ENDIAN)
          .getFloat();
    }
    return index < proto.getFloatDataCount() ? proto.getFloatData((int) index) : Double.NaN;
  }

  long[] longs() {
    return Arrays.stream(values()).mapToLong(d -> (long) d).toArray();
  }
}
