package org.dnnbench.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.util.Locale;
import java.util.Map;
import org.dnnbench.engine.EngineOptions;

/**
 * Static int8 quantization of a float ONNX model in QDQ form ({@code QuantizeLinear} /{@code
 * DequantizeLinear} pairs), placed so that ONNX Runtime's CPU provider fuses them into its int8
 * kernels. The weights come from the file's own initializers, so trained weights are kept (up to
 * int8 rounding); nothing is retrained.
 *
 * <p><b>Types.</b> Weights are symmetric int8 per output channel (zero point 0, scale {@code max|w|
 * / 127} per channel, or {@code / 63} on an x86 CPU without VNNI, whose uint8 x int8 products
 * saturate at 8 bits ({@link Int8Dot}, {@link QuantOptions#reduceRange}); axis 0 for Conv and for
 * Gemm with {@code transB = 1}, axis 1 for MatMul and Gemm without it). Activations are asymmetric
 * <em>uint8</em> per tensor: on x86 the int8 dot-product instructions (AVX-512 VNNI {@code
 * VPDPBUSD}, AVX-VNNI, AMX {@code TDPBUSD}) and ONNX Runtime's MLAS kernels multiply an unsigned by
 * a signed byte, so uint8 x int8 ("U8S8") runs natively, while int8 activations must first be
 * shifted; a ReLU output in [0, max] also uses all 256 levels of uint8 (zero point 0) where int8
 * would waste half. Biases are int32 with scale {@code s_x s_w}.
 *
 * <p><b>Placement</b> (ONNX Runtime fuses a node only when a DequantizeLinear feeds every input and
 * a QuantizeLinear takes its only output; otherwise the node runs in float between conversions, an
 * "fp32 island"):
 *
 * <ul>
 *   <li>Conv (QLinearConv), Gemm (QGemm) and MatMul (QLinearMatMul, or MatMulIntegerToFloat when
 *       its output stays float): activation inputs and weights dequantized; the output quantized (a
 *       Gemm/MatMul output only when every reader is itself quantized, so a classifier's logits
 *       stay float);
 *   <li>Add and Mul of two activations (QLinearAdd/QLinearMul: residual connections, squeeze and
 *       excitation), Concat (QLinearConcat), GlobalAveragePool/AveragePool, Sigmoid, LeakyRelu
 *       (their QLinear versions): every input and the output;
 *   <li>MaxPool, Flatten, Reshape, Transpose, Squeeze, Unsqueeze: the output shares the input's
 *       scale and zero point, so ONNX Runtime drops the pair and runs them on bytes;
 *   <li>Relu and Clip after a quantized node: the quantization goes after the activation (zero
 *       point 0, range inside the clip), which makes it redundant, and ONNX Runtime removes it.
 * </ul>
 *
 * Every quantized tensor has one QuantizeLinear and one DequantizeLinear per reader. Before
 * placing, {@link Prepare} folds BatchNormalization into the convolution before it and drops
 * Identity/Dropout nodes.
 */
public final class QdqQuantizer {

  /** Metadata key stamped on quantized models. */
  public static final String KEY_PRECISION = "dnnbench.precision";

  /** Metadata key with the calibration data's description. */
  public static final String KEY_CALIBRATION = "dnnbench.calibration";

  private QdqQuantizer() {}

  /**
   * What quantization did.
   *
   * @param model the quantized model
   * @param quantizedOps op type to count of nodes given int8 inputs (and outputs where they fuse)
   * @param floatOps op type to count of the other compute nodes, left in float
   * @param calibration what the ranges were calibrated on, and how
   */
  public record Result(
      ModelProto model,
      Map<String, Integer> quantizedOps,
      Map<String, Integer> floatOps,
      String calibration) {
    public Result {
      quantizedOps = Map.copyOf(quantizedOps);
      floatOps = Map.copyOf(floatOps);
    }
  }

  /** Quantizes {@code model}, calibrating on {@code data} in the engine with {@code engine}. */
  public static Result quantize(
      ModelProto model, CalibrationSet data, QuantOptions options, EngineOptions engine) {
    long opset =
        model.getOpsetImportList().stream()
            .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
            .mapToLong(OperatorSetIdProto::getVersion)
            .max()
            .orElse(0);
    if (opset < 13) {
      throw new IllegalArgumentException(
          "int8 quantization needs ONNX opset 13 or newer (per-channel QuantizeLinear); the model"
              + " has opset "
              + opset
              + "; re-export it with opset_version=13 or newer");
    }
    ModelProto prepared = Prepare.run(model);
    var plan = new QdqPlan(prepared.getGraph());
    Map<String, Calibrator.Range> ranges =
        Calibrator.calibrate(prepared, plan.activations.keySet(), data, options, engine);
    ModelProto q = new QdqRewriter(plan, options.weightMax()).rewrite(prepared, ranges);
    String calib =
        data.description()
            + "; "
            + (options.method() == CalibrationMethod.MINMAX
                ? "min/max"
                : String.format(Locale.ROOT, "percentile %.4g", options.percentile()));
    var mb = q.toBuilder();
    mb.addMetadataProps(
        StringStringEntryProto.newBuilder()
            .setKey(KEY_PRECISION)
            .setValue(
                options.reduceRange()
                    ? "int8 (QDQ: weights int8 per channel in 7 bits, ±63, for a CPU without VNNI,"
                        + " activations uint8 per tensor)"
                    : "int8 (QDQ: weights int8 per channel, activations uint8 per tensor)"));
    mb.addMetadataProps(
        StringStringEntryProto.newBuilder().setKey(KEY_CALIBRATION).setValue(calib));
    return new Result(mb.build(), plan.quantizedOps, plan.floatOps, calib);
  }
}
