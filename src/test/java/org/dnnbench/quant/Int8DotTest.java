package org.dnnbench.quant;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.TensorProto;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.onnx.OnnxExporter;
import org.junit.jupiter.api.Test;

/** 7-bit weights on x86 without VNNI, 8-bit elsewhere, and what the quantizer does with it. */
class Int8DotTest {
  private static final String HEAD = "processor\t: 0\nmodel name\t: CPU\n";

  @Test
  void readsTheCpuFlags() {
    assertAll(
        () ->
            assertTrue(
                Int8Dot.reduceRange(HEAD + "flags\t\t: fpu sse2 avx avx2 fma\n"),
                "AVX2 without VNNI saturates"),
        () -> assertFalse(Int8Dot.reduceRange(HEAD + "flags\t\t: avx2 avx512f avx512_vnni\n")),
        () -> assertFalse(Int8Dot.reduceRange(HEAD + "flags\t\t: avx2 avx_vnni\n")),
        () -> assertFalse(Int8Dot.reduceRange(HEAD + "flags\t\t: avx2 amx_int8 amx_tile\n")),
        () -> assertFalse(Int8Dot.reduceRange(HEAD), "no flags line: 8 bits"),
        () ->
            assertTrue(
                Int8Dot.reduceRange(HEAD + "flags\t\t: avx2 avx512_vnnix\n"),
                "a flag is matched whole"));
  }

  @Test
  void reducedRangeWeightsStayWithin63AndTheModelSaysSo() {
    var fp32 = OnnxExporter.export(QdqQuantizerTest.javaCnn(), 7);
    var engine = new EngineOptions(1, ExecutionProvider.CPU, OptimizationLevel.ALL);
    var cal = CalibrationSet.random(8, 1);
    var base = QuantOptions.defaults();
    var seven = QdqQuantizer.quantize(fp32, cal, base.withReduceRange(true), engine).model();
    var eight = QdqQuantizer.quantize(fp32, cal, base.withReduceRange(false), engine).model();
    assertAll(
        () -> assertEquals(63, maxWeightLevel(seven)),
        () -> assertEquals(127, maxWeightLevel(eight)),
        () -> assertTrue(precision(seven).contains("7 bits"), precision(seven)),
        () -> assertFalse(precision(eight).contains("7 bits"), precision(eight)));
  }

  private static int maxWeightLevel(ai.onnx.proto.OnnxMl.ModelProto m) {
    int max = 0;
    for (TensorProto t : m.getGraph().getInitializerList()) {
      if (t.getName().endsWith(".weight.quantized")) {
        for (byte b : t.getRawData().toByteArray()) {
          max = Math.max(max, Math.abs(b));
        }
      }
    }
    return max;
  }

  private static String precision(ai.onnx.proto.OnnxMl.ModelProto m) {
    return m.getMetadataPropsList().stream()
        .filter(p -> p.getKey().equals(QdqQuantizer.KEY_PRECISION))
        .findFirst()
        .orElseThrow()
        .getValue();
  }
}
