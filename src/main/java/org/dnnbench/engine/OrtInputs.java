package org.dnnbench.engine;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Input tensors for ONNX Runtime: random values of each input's own type, half floats. */
final class OrtInputs {
  private OrtInputs() {}

  /** Random values of the input's own type: floats in [-1, 1), integers in range, masks ones. */
  static OnnxTensor tensor(
      InputShapes.Resolved r,
      long[] shape,
      InputOptions options,
      SplittableRandom rnd,
      String label)
      throws OrtException {
    long n = r.elements();
    int bytesPer =
        switch (r.type()) {
          case "float32", "int32" -> 4;
          case "int64", "float64" -> 8;
          case "float16", "int16" -> 2;
          case "bool", "int8", "uint8" -> 1;
          default ->
              throw new EngineException(
                  EngineException.Kind.BAD_INPUT,
                  "input '"
                      + r.name()
                      + "' of '"
                      + label
                      + "' has element type "
                      + r.type()
                      + ", which dnnbench cannot fill; supported: float32, float16, int64,"
                      + " int32, bool");
        };
    if (n * bytesPer > Integer.MAX_VALUE) {
      throw new EngineException(
          EngineException.Kind.OUT_OF_MEMORY,
          "input '" + r.name() + "' of " + n + " elements is too large");
    }
    ByteBuffer buf = ByteBuffer.allocateDirect((int) (n * bytesPer)).order(ByteOrder.nativeOrder());
    boolean mask = InputShapes.isMask(r.name()) && !options.ranges().containsKey(r.name());
    List<Long> range = options.range(r.name());
    long lo = range.get(0);
    long span = range.get(1) - range.get(0);
    for (long i = 0; i < n; i++) {
      switch (r.type()) {
        case "float32" -> buf.putFloat((float) (2 * rnd.nextDouble() - 1));
        case "float64" -> buf.putDouble(2 * rnd.nextDouble() - 1);
        case "float16" -> buf.putShort(halfBits((float) (2 * rnd.nextDouble() - 1)));
        case "int64" -> buf.putLong(mask ? 1 : lo + rnd.nextLong(span));
        case "int32" -> buf.putInt((int) (mask ? 1 : lo + rnd.nextLong(span)));
        case "int16" -> buf.putShort((short) (mask ? 1 : lo + rnd.nextLong(span)));
        case "int8", "uint8" -> buf.put((byte) (mask ? 1 : lo + rnd.nextLong(span)));
        default -> buf.put((byte) 1); // bool: all true, as a mask
      }
    }
    buf.rewind();
    OnnxJavaType type =
        switch (r.type()) {
          case "float32" -> OnnxJavaType.FLOAT;
          case "float64" -> OnnxJavaType.DOUBLE;
          case "float16" -> OnnxJavaType.FLOAT16;
          case "int64" -> OnnxJavaType.INT64;
          case "int32" -> OnnxJavaType.INT32;
          case "int16" -> OnnxJavaType.INT16;
          case "int8" -> OnnxJavaType.INT8;
          case "uint8" -> OnnxJavaType.UINT8;
          default -> OnnxJavaType.BOOL;
        };
    return OnnxTensor.createTensor(OrtEngine.ENV, buf, shape, type);
  }

  /** IEEE half-precision bits of a float in [-1, 1] (subnormals flushed to zero). */
  static short halfBits(float f) {
    int bits = Float.floatToIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = ((bits >>> 23) & 0xff) - 127 + 15;
    int mant = (bits >>> 13) & 0x3ff;
    if (exp <= 0) {
      return (short) sign;
    }
    if (exp >= 31) {
      return (short) (sign | 0x7c00);
    }
    return (short) (sign | (exp << 10) | mant);
  }

  /** The tensors of every input, backed by direct buffers. */
  static final class OrtInput implements InputTensor {
    private final Map<String, OnnxTensor> tensors;
    private final long[] shape;
    private boolean closed;

    OrtInput(Map<String, OnnxTensor> tensors, long[] shape) {
      this.tensors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tensors));
      this.shape = shape.clone();
    }

    Map<String, OnnxTensor> tensors() {
      if (closed) {
        throw new IllegalStateException("input tensor is closed");
      }
      return tensors;
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        tensors.values().forEach(OnnxTensor::close);
      }
    }
  }
}
