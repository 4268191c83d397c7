package org.dnnbench.quant;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.Engines;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.engine.InputTensor;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.engine.Session;
import org.dnnbench.onnx.OnnxExporter;
import org.junit.jupiter.api.Test;

/**
 * fp16: half the weight bytes, float32 input and output, outputs within 1% (relative L2) of
 * float32, and an honest account of what the engine computed in float32.
 */
class Fp16ConverterTest {
  private static final EngineOptions ENGINE =
      new EngineOptions(1, ExecutionProvider.CPU, OptimizationLevel.ALL);

  @Test
  void halfBitsRoundToNearestEven() {
    assertAll(
        () -> assertEquals((short) 0x3c00, Tensors.toHalf(1f)),
        () -> assertEquals((short) 0xc000, Tensors.toHalf(-2f)),
        () -> assertEquals((short) 0x7bff, Tensors.toHalf(65504f)),
        () -> assertEquals((short) 0x7c00, Tensors.toHalf(65520f)), // rounds up to infinity
        () -> assertEquals((short) 0x0001, Tensors.toHalf(5.9604645e-8f)), // smallest subnormal
        () -> assertEquals((short) 0x3555, Tensors.toHalf(1f / 3)),
        () -> assertEquals((short) 0x3c00, Tensors.toHalf(1.00048828125f)), // tie to even
        () -> assertEquals((short) 0x3c02, Tensors.toHalf(1.00146484375f))); // tie to even, up
  }

  @Test
  void javaModelInFp16StaysCloseAndSaysWhatRanInFloat32() {
    ModelProto fp32 = OnnxExporter.export(QdqQuantizerTest.javaCnn(), 7);
    var r = Fp16Converter.convert(fp32, ENGINE);
    double ratio = r.model().getSerializedSize() / (double) fp32.getSerializedSize();
    double worst = 0;
    try (var engine = Engines.create();
        Session s32 = engine.open(fp32.toByteArray(), "fp32", ENGINE);
        Session s16 = engine.open(r.model().toByteArray(), "fp16", ENGINE)) {
      List<float[]> inputs = CalibrationSet.random(8, 5).samples(3 * 32 * 32);
      for (float[] x : inputs) {
        try (InputTensor a = s32.input(x, 1);
            InputTensor b = s16.input(x, 1)) {
          worst = Math.max(worst, QdqQuantizerTest.relError(s16.runValues(b), s32.runValues(a)));
        }
      }
    }
    double err = worst;
    assertAll(
        () -> assertTrue(ratio > 0.45 && ratio < 0.55, () -> "file size ratio " + ratio),
        () -> assertTrue(err < 0.01, () -> "relative L2 error " + err),
        () ->
            assertTrue(
                !r.float16Ops().isEmpty() || !r.float32Ops().isEmpty(),
                "the account names the ops"),
        () -> assertTrue(r.describe().startsWith("fp16: "), r.describe()));
  }
}
