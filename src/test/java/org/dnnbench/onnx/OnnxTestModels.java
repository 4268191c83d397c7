package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds ONNX models in tests with the {@code ai.onnx.proto.OnnxMl} protobuf builders (no binary
 * fixtures): nodes, attributes, initializers, an N x C x H x W float input, and the model (opset
 * 17, IR version 8, which ONNX Runtime 1.29 loads).
 */
public final class OnnxTestModels {
  private OnnxTestModels() {}

  /** A node {@code op(inputs) -> outputs} named after its first output. */
  public static NodeProto.Builder node(String op, String[] inputs, String... outputs) {
    var b = NodeProto.newBuilder().setOpType(op).setName(outputs[0]);
    for (String i : inputs) {
      b.addInput(i);
    }
    for (String o : outputs) {
      b.addOutput(o);
    }
    return b;
  }

  public static String[] ins(String... names) {
    return names;
  }

  public static AttributeProto ints(String name, long... v) {
    var b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long x : v) {
      b.addInts(x);
    }
    return b.build();
  }

  public static AttributeProto intAttr(String name, long v) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(v)
        .build();
  }

  public static AttributeProto floatAttr(String name, float v) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF(v)
        .build();
  }

  /** A float initializer; {@code data} null gives zeros. */
  public static TensorProto floats(String name, float[] data, long... dims) {
    if (data == null) {
      long n = 1;
      for (long d : dims) {
        n *= d;
      }
      data = new float[(int) n];
    }
    var b =
        TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
    for (long d : dims) {
      b.addDims(d);
    }
    ByteBuffer buf = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : data) {
      buf.putFloat(f);
    }
    return b.setRawData(ByteString.copyFrom(buf.array())).build();
  }

  /** An int64 vector initializer (shapes, pads, slice bounds). */
  public static TensorProto longs(String name, long... data) {
    var b =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64.getNumber())
            .addDims(data.length);
    for (long v : data) {
      b.addInt64Data(v);
    }
    return b.build();
  }

  /** A float tensor value description; {@code batch} null makes the batch symbolic. */
  public static ValueInfoProto tensorInfo(String name, Long batch, long... dims) {
    var shape = TensorShapeProto.newBuilder();
    shape.addDim(
        batch == null
            ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
            : TensorShapeProto.Dimension.newBuilder().setDimValue(batch));
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
        .build();
  }

  /** The model around a graph. */
  public static ModelProto model(GraphProto.Builder g) {
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("dnnbench-tests")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
        .setGraph(g)
        .build();
  }
}
