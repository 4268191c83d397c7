package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Decodes an ONNX tensor's values (raw little-endian bytes or the typed lists) as doubles. */
final class TensorDecoder {
  private TensorDecoder() {}

  static long[] dims(TensorProto t) {
    return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
  }

  /** The tensor's values as doubles; {@code n} is the element count from its dims. */
  static double[] decode(TensorProto t, long n) {
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tensor '" + t.getName() + "' is too large to fold");
    }
    int count = (int) n;
    double[] out = new double[count];
    int type = t.getDataType();
    if (!t.getRawData().isEmpty()) {
      ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      int width =
          switch (type) {
            case 1, 6 -> 4; // FLOAT, INT32
            case 7, 11 -> 8; // INT64, DOUBLE
            default ->
                throw new IllegalArgumentException(
                    "constant '" + t.getName() + "' has unsupported data type " + type);
          };
      if (b.remaining() != (long) count * width) {
        throw new IllegalArgumentException(
            "tensor '"
                + t.getName()
                + "' holds "
                + b.remaining()
                + " bytes for "
                + count
                + " values of "
                + width
                + " bytes (truncated?)");
      }
      for (int i = 0; i < count; i++) {
        out[i] =
            switch (type) {
              case 1 -> b.getFloat();
              case 6 -> b.getInt();
              case 7 -> b.getLong();
              default -> b.getDouble();
            };
      }
      return out;
    }
    List<? extends Number> list =
        switch (type) {
          case 1 -> t.getFloatDataList();
          case 6 -> t.getInt32DataList();
          case 7 -> t.getInt64DataList();
          case 11 -> t.getDoubleDataList();
          default ->
              throw new IllegalArgumentException(
                  "constant '" + t.getName() + "' has unsupported data type " + type);
        };
    if (list.size() != count) {
      throw new IllegalArgumentException(
          "tensor '"
              + t.getName()
              + "' holds "
              + list.size()
              + " values for dims "
              + t.getDimsList()
              + " (truncated?)");
    }
    for (int i = 0; i < count; i++) {
      out[i] = list.get(i).doubleValue();
    }
    return out;
  }
}
