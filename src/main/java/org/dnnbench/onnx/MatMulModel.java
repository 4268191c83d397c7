package org.dnnbench.onnx;

import static org.dnnbench.onnx.Protos.valueInfo;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.dnnbench.graph.Shape;

/**
 * The machine's peak probe, built outside of a graph: {@code Y = A B} with {@code A} the {@code
 * batch x n} input and {@code B} a random {@code n x n} weight uniform in {@code [-sqrt(3/n),
 * sqrt(3/n)]}.
 */
final class MatMulModel {
  private MatMulModel() {}

  static ModelProto build(int n, long seed) {
    var g = GraphProto.newBuilder().setName("matmul" + n);
    g.addInput(valueInfo("a", Shape.of(n)));
    byte[] raw = new byte[n * n * 4];
    var fb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    var rnd = new SplittableRandom(seed);
    double a = Math.sqrt(3.0 / n);
    for (int i = 0; i < n * n; i++) {
      fb.put((float) ((2 * rnd.nextDouble() - 1) * a));
    }
    g.addInitializer(
        TensorProto.newBuilder()
            .setName("b")
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .addDims(n)
            .addDims(n)
            .setRawData(UnsafeByteOperations.unsafeWrap(raw)));
    g.addNodeBuilder()
        .setOpType("MatMul")
        .setName("matmul")
        .addInput("a")
        .addInput("b")
        .addOutput("y");
    g.addOutput(valueInfo("y", Shape.of(n)));
    return ModelProto.newBuilder()
        .setIrVersion(OnnxExporter.IR_VERSION)
        .setProducerName("dnnbench")
        .setProducerVersion(OnnxExporter.version())
        .addOpsetImport(
            OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxExporter.OPSET))
        .setGraph(g)
        .build();
  }
}
