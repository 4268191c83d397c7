package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.dnnbench.graph.Constant;

/**
 * Writes the initializers of an export: random weights drawn from a generator seeded by the model
 * seed and the tensor's name ({@link #mix}), filled tensors, and the small int64/float constants
 * that ops take as inputs. Each method adds one initializer and returns its name. Float tensors are
 * little-endian {@code raw_data}, or, when the export writes external data, those of at least
 * {@value ExternalData#MIN_BYTES} bytes go to the side file as they are made.
 */
final class Initializers {
  private final GraphProto.Builder g;
  private final long seed;
  private final ExternalData external;

  /** Writes into {@code g}; large float tensors into {@code external} unless it is null. */
  Initializers(GraphProto.Builder g, long seed, ExternalData external) {
    this.g = g;
    this.seed = seed;
    this.external = external;
  }

  /** A weight tensor {@code dims} drawn uniformly from He's range {@code sqrt(6 / fanIn)}. */
  String heUniform(String tensor, int fanIn, int... dims) {
    double a = Math.sqrt(6.0 / fanIn);
    return uniform(tensor, a, dims);
  }

  /** A bias vector uniform in {@code [-0.01, 0.01]}. */
  String bias(String tensor, int size) {
    return uniform(tensor, 0.01, size);
  }

  /** A tensor {@code dims} uniform in {@code [-a, a]}. */
  String uniform(String tensor, double a, int... dims) {
    long n = elements(tensor, dims);
    byte[] raw = new byte[(int) n * 4];
    var fb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    var rnd = new SplittableRandom(mix(seed, tensor));
    for (long i = 0; i < n; i++) {
      fb.put((float) ((2 * rnd.nextDouble() - 1) * a));
    }
    addFloat(tensor, raw, dims);
    return tensor;
  }

  /** A vector of {@code size} floats equal to {@code value}. */
  String constant(String tensor, int size, float value) {
    return fill(tensor, value, size);
  }

  /** A float32 tensor of {@code dims} filled with {@code value}. */
  String fill(String tensor, float value, int... dims) {
    long n = elements(tensor, dims);
    byte[] raw = new byte[(int) n * 4];
    var fb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    for (long i = 0; i < n; i++) {
      fb.put(value);
    }
    addFloat(tensor, raw, dims);
    return tensor;
  }

  /** A float32 tensor of {@code dims} holding {@code values} (row-major). */
  String floats(String tensor, float[] values, int... dims) {
    if (values.length != elements(tensor, dims)) {
      throw new IllegalArgumentException(
          "tensor '"
              + tensor
              + "' has "
              + values.length
              + " values for dims "
              + Arrays.toString(dims));
    }
    byte[] raw = new byte[values.length * 4];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    addFloat(tensor, raw, dims);
    return tensor;
  }

  /**
   * A graph {@link Constant}'s values as a float32 tensor of shape {@code 1 x shape}: a parameter
   * without values is random in {@code [-0.02, 0.02]}, a buffer without values is zero.
   */
  String constantTensor(String tensor, Constant c) {
    int[] dims = new int[c.shape().rank() + 1];
    dims[0] = 1;
    for (int i = 1; i < dims.length; i++) {
      dims[i] = c.shape().dim(i - 1);
    }
    if (c.values().isEmpty() && c.role() == Constant.Role.PARAMETER) {
      return uniform(tensor, 0.02, dims);
    }
    long count = elements(tensor, dims);
    byte[] raw = new byte[(int) count * 4];
    var fb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    for (long i = 0; i < count; i++) {
      fb.put(c.values().isEmpty() ? 0f : (float) c.value(i));
    }
    addFloat(tensor, raw, dims);
    // the role, for the importer: a mask or a table of numbers is no trainable parameter
    g.getInitializerBuilder(g.getInitializerCount() - 1)
        .setDocString(OnnxExporter.ROLE_DOC + c.role().name().toLowerCase(java.util.Locale.ROOT));
    return tensor;
  }

  /** A float32 scalar (rank 0). */
  String scalar(String tensor, float value) {
    g.addInitializer(
        TensorProto.newBuilder()
            .setName(tensor)
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .addFloatData(value));
    return tensor;
  }

  /** An int64 vector. */
  String longs(String tensor, long... values) {
    var t =
        TensorProto.newBuilder()
            .setName(tensor)
            .setDataType(TensorProto.DataType.INT64.getNumber())
            .addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    g.addInitializer(t);
    return tensor;
  }

  /** Gather's int64 indices: a vector, or a scalar when {@code scalar} (the axis is dropped). */
  String indices(String tensor, List<Integer> indices, boolean scalar) {
    var t =
        TensorProto.newBuilder()
            .setName(tensor)
            .setDataType(TensorProto.DataType.INT64.getNumber());
    if (!scalar) {
      t.addDims(indices.size());
    }
    indices.forEach(i -> t.addInt64Data(i));
    g.addInitializer(t);
    return tensor;
  }

  private static long elements(String tensor, int... dims) {
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    if (n * 4 > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "tensor '" + tensor + "' is too large to export: " + n + " floats");
    }
    return n;
  }

  private void addFloat(String tensor, byte[] raw, int... dims) {
    var t =
        TensorProto.newBuilder()
            .setName(tensor)
            .setDataType(TensorProto.DataType.FLOAT.getNumber());
    for (int d : dims) {
      t.addDims(d);
    }
    if (external != null && raw.length >= ExternalData.MIN_BYTES) {
      external.add(t, raw);
    } else {
      t.setRawData(UnsafeByteOperations.unsafeWrap(raw));
    }
    g.addInitializer(t);
  }

  /** A per-tensor seed: the model seed mixed with the tensor's name (SplitMix64 finalizer). */
  static long mix(long seed, String tensor) {
    long z = seed * 0x9E3779B97F4A7C15L + tensor.hashCode();
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
