package org.dnnbench.quant;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.onnx.OnnxExporter;
import org.dnnbench.results.Precision;
import org.junit.jupiter.api.Test;

/**
 * The parameter-file sizes {@code analyze} reports per precision, checked against the files
 * themselves: the fp32 export, and the int8 model {@link QdqQuantizer} really writes (its
 * initializers' bytes, less the activations' 5-byte scale and zero point that the estimate leaves
 * out). The fp32 and fp16 sizes are {@code analyze}'s own; int8 is the new one.
 */
class ParameterSizesTest {
  private static final EngineOptions ENGINE =
      new EngineOptions(1, ExecutionProvider.CPU, OptimizationLevel.ALL);

  @Test
  void sizesMatchTheWrittenFiles() {
    ModelGraph g = QdqQuantizerTest.javaCnn();
    ModelProto fp32 = OnnxExporter.export(g, 7);
    ModelProto int8 =
        QdqQuantizer.quantize(fp32, CalibrationSet.random(4, 1), QuantOptions.defaults(), ENGINE)
            .model();
    long activationParams =
        int8.getGraph().getInitializerList().stream()
            .filter(t -> t.getName().endsWith(".q_scale"))
            .count();
    long int8Weights = initializerBytes(int8) - 5 * activationParams;
    assertAll(
        () -> assertEquals(initializerBytes(fp32), ParameterSizes.bytes(g, Precision.FP32)),
        () -> assertEquals(initializerBytes(fp32) / 2, ParameterSizes.bytes(g, Precision.FP16)),
        () -> assertEquals(int8Weights, ParameterSizes.bytes(g, Precision.INT8)));
  }

  /** Bytes of the initializers, less the constants a Clip reads (ReLU6's bounds: no parameters). */
  private static long initializerBytes(ModelProto m) {
    var constants = new java.util.HashSet<String>();
    m.getGraph().getNodeList().stream()
        .filter(n -> n.getOpType().equals("Clip"))
        .forEach(n -> constants.addAll(n.getInputList().subList(1, n.getInputCount())));
    long n = 0;
    for (TensorProto t : m.getGraph().getInitializerList()) {
      if (constants.contains(t.getName())) {
        continue;
      }
      long elements = 1;
      for (long d : t.getDimsList()) {
        elements *= d;
      }
      int size =
          switch (t.getDataType()) {
            case 1, 6 -> 4; // float, int32
            case 2, 3 -> 1; // uint8, int8
            case 7 -> 8; // int64
            case 10 -> 2; // float16
            default -> throw new IllegalArgumentException("type " + t.getDataType());
          };
      n += elements * size;
    }
    return n;
  }
}
