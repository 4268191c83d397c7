package org.dnnbench.quant;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Reading and writing the ONNX tensors and attributes the quantizer touches. */
final class Tensors {
  private Tensors() {}

  static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();
  static final int UINT8 = TensorProto.DataType.UINT8.getNumber();
  static final int INT8 = TensorProto.DataType.INT8.getNumber();
  static final int INT32 = TensorProto.DataType.INT32.getNumber();
  static final int FLOAT16 = TensorProto.DataType.FLOAT16.getNumber();

  /** Element count from the dims. */
  static int size(TensorProto t) {
    long n = 1;
    for (long d : t.getDimsList()) {
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tensor '" + t.getName() + "' is too large");
    }
    return (int) n;
  }

  /** A float tensor's values (raw data or the float_data field). */
  static float[] floats(TensorProto t) {
    if (t.getDataType() != FLOAT) {
      throw new IllegalArgumentException(
          "tensor '" + t.getName() + "' is not float32 (type " + t.getDataType() + ")");
    }
    int n = size(t);
    float[] out = new float[n];
    if (!t.getRawData().isEmpty()) {
      var b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      if (b.remaining() != n) {
        throw new IllegalArgumentException(
            "tensor '" + t.getName() + "' holds " + b.remaining() + " floats for " + n);
      }
      b.get(out);
    } else {
      List<Float> list = t.getFloatDataList();
      if (list.size() != n) {
        throw new IllegalArgumentException(
            "tensor '" + t.getName() + "' holds " + list.size() + " floats for " + n);
      }
      for (int i = 0; i < n; i++) {
        out[i] = list.get(i);
      }
    }
    return out;
  }

  private static TensorProto.Builder header(String name, int type, long... dims) {
    var b = TensorProto.newBuilder().setName(name).setDataType(type);
    for (long d : dims) {
      b.addDims(d);
    }
    return b;
  }

  static TensorProto floatTensor(String name, float[] v, long... dims) {
    ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(v);
    return header(name, FLOAT, dims)
        .setRawData(UnsafeByteOperations.unsafeWrap(bb.array()))
        .build();
  }

  static TensorProto int32Tensor(String name, int[] v, long... dims) {
    ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.asIntBuffer().put(v);
    return header(name, INT32, dims)
        .setRawData(UnsafeByteOperations.unsafeWrap(bb.array()))
        .build();
  }

  /** An 8-bit tensor ({@code type} INT8 or UINT8) holding the low bytes of {@code v}. */
  static TensorProto byteTensor(String name, int type, byte[] v, long... dims) {
    return header(name, type, dims).setRawData(ByteString.copyFrom(v)).build();
  }

  /** Half-precision tensor from floats (round to nearest even). */
  static TensorProto halfTensor(String name, float[] v, List<Long> dims) {
    ByteBuffer bb = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      bb.putShort(toHalf(f));
    }
    var b = TensorProto.newBuilder().setName(name).setDataType(FLOAT16).addAllDims(dims);
    return b.setRawData(UnsafeByteOperations.unsafeWrap(bb.array())).build();
  }

  static long intAttr(NodeProto n, String name, long dflt) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getI();
      }
    }
    return dflt;
  }

  static float floatAttr(NodeProto n, String name, float dflt) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getF();
      }
    }
    return dflt;
  }

  static AttributeProto intAttribute(String name, long v) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(v)
        .build();
  }

  /** IEEE 754 binary16 bits of {@code f}, rounded to nearest even (Java 17 has no such method). */
  static short toHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) { // inf or NaN
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) { // overflow
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) { // subnormal half or zero
      if (e < -10) {
        return (short) sign;
      }
      int m = mant | 0x800000;
      int shift = 14 - e;
      int half = m >> shift;
      int rem = m & ((1 << shift) - 1);
      int mid = 1 << (shift - 1);
      if (rem > mid || (rem == mid && (half & 1) != 0)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >> 13);
    int rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
      half++; // may carry into the exponent, which is right (and gives inf at the top)
    }
    return (short) (sign | half);
  }
}
