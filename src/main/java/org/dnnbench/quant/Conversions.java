package org.dnnbench.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.Optional;
import java.util.TreeMap;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.results.Precision;

/**
 * A float model in another precision: the one place {@code export --precision}, {@code quantize}
 * and the precisions of {@code bench}/{@code run} convert a model, so each says the same about what
 * it made.
 */
public final class Conversions {
  private Conversions() {}

  /** Random calibration inputs for timing: this many samples. */
  public static final int RANDOM_SAMPLES = 32;

  /**
   * A converted model.
   *
   * @param model the model in the precision asked for
   * @param precision that precision
   * @param summary one line: how it was made (calibration, ops in each precision)
   * @param note what a case measured with it must say (ops left in float, random calibration);
   *     empty for fp32
   * @param warning a line the user must see when writing it (random calibration), or empty
   */
  public record Converted(
      ModelProto model,
      Precision precision,
      String summary,
      String note,
      Optional<String> warning) {}

  /**
   * Converts {@code fp32} to {@code precision}; int8 is calibrated on {@code data} with {@code
   * options}, the engine probed (fp16 kernels) and run (calibration) with {@code engine}.
   */
  public static Converted convert(
      ModelProto fp32,
      Precision precision,
      CalibrationSet data,
      QuantOptions options,
      EngineOptions engine) {
    return switch (precision) {
      case FP32 -> new Converted(fp32, precision, "fp32 (as exported)", "", Optional.empty());
      case FP16 -> {
        var r = Fp16Converter.convert(fp32, engine);
        yield new Converted(r.model(), precision, r.describe(), r.describe(), Optional.empty());
      }
      case INT8 -> {
        var r = QdqQuantizer.quantize(fp32, data, options, engine);
        String left =
            r.floatOps().isEmpty() ? "" : "; left in float: " + new TreeMap<>(r.floatOps());
        String summary =
            "int8 QDQ, calibration: " + r.calibration() + "; int8: " + r.quantizedOps() + left;
        String note =
            "int8 QDQ calibrated on "
                + (data.realData() ? data.description() : "random inputs (timing only)")
                + left;
        Optional<String> warning =
            data.realData()
                ? Optional.empty()
                : Optional.of(
                    "int8 calibrated on random inputs: fine for timing, not for accuracy; give"
                        + " --calibration DIR (a few hundred of your images) for that");
        yield new Converted(r.model(), precision, summary, note, warning);
      }
    };
  }

  /** {@link #convert} with random calibration inputs (timing only) and default options. */
  public static Converted forTiming(ModelProto fp32, Precision precision, long seed) {
    return convert(
        fp32,
        precision,
        CalibrationSet.random(RANDOM_SAMPLES, seed),
        QuantOptions.defaults(),
        EngineOptions.defaults());
  }
}
