package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.util.List;
import org.dnnbench.graph.ElementType;
import org.dnnbench.graph.Shape;

/**
 * The small protobuf pieces of an export: node attributes, tensor types with the symbolic batch,
 * element types, and per-sample axes moved past the batch axis. Stateless.
 */
final class Protos {
  private Protos() {}

  /** A float32 tensor's type with a symbolic batch. */
  static OnnxMl.ValueInfoProto valueInfo(String name, Shape perSample) {
    return valueInfo(name, perSample, ElementType.FLOAT32, true);
  }

  /** A tensor's type: symbolic batch (or 1 for a tensor computed from constants alone). */
  static OnnxMl.ValueInfoProto valueInfo(
      String name, Shape perSample, ElementType elementType, boolean batched) {
    var shape = OnnxMl.TensorShapeProto.newBuilder();
    if (batched) {
      shape.addDimBuilder().setDimParam(OnnxExporter.BATCH_DIM);
    } else {
      shape.addDimBuilder().setDimValue(1);
    }
    for (int d : perSample.dims()) {
      shape.addDimBuilder().setDimValue(d);
    }
    var type =
        OnnxMl.TypeProto.newBuilder()
            .setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder()
                    .setElemType(onnxType(elementType).getNumber())
                    .setShape(shape));
    return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  /** The ONNX data type of an element type. */
  static TensorProto.DataType onnxType(ElementType t) {
    return switch (t) {
      case FLOAT32 -> TensorProto.DataType.FLOAT;
      case FLOAT16 -> TensorProto.DataType.FLOAT16;
      case INT64 -> TensorProto.DataType.INT64;
      case INT32 -> TensorProto.DataType.INT32;
      case BOOL -> TensorProto.DataType.BOOL;
    };
  }

  /** A per-sample axis as an ONNX axis: non-negative ones shift past the batch axis. */
  static int onnxAxis(int axis) {
    return axis < 0 ? axis : axis + 1;
  }

  /** Per-sample axes normalized against {@code rank} and shifted past the batch axis. */
  static long[] onnxAxes(List<Integer> axes, int rank) {
    long[] out = new long[axes.size()];
    for (int i = 0; i < out.length; i++) {
      int a = axes.get(i);
      out[i] = (a < 0 ? a + rank : a) + 1;
    }
    return out;
  }

  /** Axes {@code 1 .. count}: right after the batch axis. */
  static long[] afterBatch(int count) {
    long[] axes = new long[count];
    for (int a = 0; a < axes.length; a++) {
      axes[a] = a + 1;
    }
    return axes;
  }

  /** {@code 1 x shape} as int64s, for a shape input that must broadcast over the batch. */
  static long[] withOne(Shape s) {
    long[] out = new long[s.rank() + 1];
    out[0] = 1;
    for (int i = 1; i < out.length; i++) {
      out[i] = s.dim(i - 1);
    }
    return out;
  }

  static long[] toLongs(Shape s) {
    return s.dims().stream().mapToLong(Integer::longValue).toArray();
  }

  static AttributeProto stringAttr(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value))
        .build();
  }

  static AttributeProto ints(String name, long... values) {
    var a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static AttributeProto intAttr(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  static AttributeProto floatAttr(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF(value)
        .build();
  }
}
